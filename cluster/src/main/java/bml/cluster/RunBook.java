package bml.cluster;

import bml.reproduce.PlannedRun;
import bml.reproduce.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The coordinator's ledger of a sweep: every planned run's phase, which worker holds it under which attempt, and
 * its record once its results are home.
 *
 * <p>Why attempts: a run given to a worker that is then lost goes back to the plan under a new attempt number, and
 * anything that still arrives for the old attempt (a late upload, a progress report) is recognised as stale and
 * ignored, so no run is counted twice. A run is never dropped: it is pending, held, home, or failed after
 * {@link #MAX_ATTEMPTS}.
 *
 * <p>Not thread-safe: owned by the {@link SweepCoordinator} actor.
 */
final class RunBook {
    /** Assignments of one run before it is recorded as failed (workers lost, or results that never arrived). */
    static final int MAX_ATTEMPTS = 3;

    enum Phase { PENDING, RUNNING, RECEIVING, HOME }

    /** One run's entry; {@code holder} is the worker holding the current attempt, null while pending or home. */
    static final class Entry {
        final PlannedRun run;
        Phase phase = Phase.PENDING;
        int attempt;
        Object holder;
        String workerName = "";
        long step;
        Map<String, Double> knn = Map.of();
        long knnStep = -1;
        String url = "";
        String token = "";
        String lastError;
        RunRecord record;
        /** When the current attempt was handed out, for the coordinator's overhead per run. */
        long assignedNanos;

        Entry(PlannedRun run) {
            this.run = run;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param home the records of runs whose results are already home (a resumed sweep); the others start pending
     */
    RunBook(List<PlannedRun> runs, Map<String, RunRecord> home) {
        for (PlannedRun run : runs) {
            Entry entry = new Entry(run);
            RunRecord record = home.get(run.id());
            if (record != null) {
                entry.phase = Phase.HOME;
                entry.record = record;
            }
            entries.put(run.id(), entry);
        }
    }

    /** Gives the first pending run to {@code worker} under a new attempt, if any run is pending. */
    Optional<Entry> assign(Object worker, String workerName) {
        for (Entry entry : entries.values()) {
            if (entry.phase == Phase.PENDING) {
                entry.phase = Phase.RUNNING;
                entry.attempt++;
                entry.holder = worker;
                entry.workerName = workerName;
                entry.step = 0;
                entry.knn = Map.of();
                entry.knnStep = -1;
                entry.url = "";
                entry.token = "";
                entry.assignedNanos = System.nanoTime();
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** The entry of {@code runId} if {@code worker} holds its attempt {@code attempt} now. */
    Optional<Entry> current(String runId, int attempt, Object worker) {
        Entry entry = entries.get(runId);
        if (entry == null || entry.attempt != attempt || entry.holder == null || !entry.holder.equals(worker)) {
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /** The held attempt's results are being copied home. */
    void receiving(Entry entry) {
        entry.phase = Phase.RECEIVING;
    }

    /** The held attempt's results are home: the run is done, with {@code record}. */
    void home(Entry entry, RunRecord record) {
        entry.phase = Phase.HOME;
        entry.holder = null;
        entry.record = record;
    }

    /**
     * Takes the run back from its worker (lost, or its results could not come home): pending again, or failed
     * when it has had {@link #MAX_ATTEMPTS}.
     *
     * @return true when it went back to pending
     */
    boolean release(Entry entry, String reason) {
        entry.holder = null;
        entry.lastError = reason;
        if (entry.attempt >= MAX_ATTEMPTS) {
            entry.phase = Phase.HOME;
            entry.record = new RunRecord(entry.run, RunRecord.State.FAILED, "given up after " + entry.attempt + " attempts; last: "
                    + reason, 0, 0);
            return false;
        }
        entry.phase = Phase.PENDING;
        return true;
    }

    /** The runs {@code worker} holds (running or being received). */
    List<Entry> heldBy(Object worker) {
        List<Entry> held = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (worker.equals(entry.holder)) {
                held.add(entry);
            }
        }
        return held;
    }

    boolean anyPending() {
        return entries.values().stream().anyMatch(e -> e.phase == Phase.PENDING);
    }

    /** True while some worker holds a run. */
    boolean anyHeld() {
        return entries.values().stream().anyMatch(e -> e.holder != null);
    }

    boolean allHome() {
        return entries.values().stream().allMatch(e -> e.phase == Phase.HOME);
    }

    long homeCount() {
        return entries.values().stream().filter(e -> e.phase == Phase.HOME).count();
    }

    int size() {
        return entries.size();
    }

    /** Every planned run's record in plan order; a run that never came home is {@link RunRecord#NOT_RUN}. */
    List<RunRecord> records(String notRunReason) {
        List<RunRecord> records = new ArrayList<>();
        for (Entry entry : entries.values()) {
            records.add(entry.record != null ? entry.record
                    : new RunRecord(entry.run, RunRecord.State.NOT_RUN, notRunReason, 0, 0));
        }
        return records;
    }

    List<Entry> entries() {
        return List.copyOf(entries.values());
    }
}
