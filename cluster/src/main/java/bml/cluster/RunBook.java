package bml.cluster;

import bml.reproduce.PlannedRun;
import bml.reproduce.RunRecord;
import java.nio.file.Path;
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
 * <p>Checkpoints copied home: while a run trains, its worker copies its newest sound checkpoint home, one at a time
 * and each newer than the last; the book keeps the newest, and a run that goes back to the plan is handed out again
 * as a resume from it. The copy belongs to the run, not to an attempt: runs are deterministic, so any attempt's
 * checkpoint of a step is as good as another's.
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
        /** The newest checkpoint copied home, or null. */
        CheckpointHome checkpoint;
        /** The step of the checkpoint copy on its way home from the current attempt, -1 when none. */
        long checkpointIncoming = -1;
        /** The step the current attempt was told to resume from, -1 when it started from the start. */
        long resumeStep = -1;

        Entry(PlannedRun run) {
            this.run = run;
        }
    }

    /** A checkpoint copied home: its step, where its files are, and their manifest. */
    record CheckpointHome(long step, Path dir, List<FileEntry> files) {
        CheckpointHome {
            files = List.copyOf(files);
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
                entry.checkpointIncoming = -1;
                entry.resumeStep = entry.checkpoint == null ? -1 : entry.checkpoint.step();
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

    /** The held attempt's results are being copied home; a checkpoint copy still on its way is of no use now. */
    void receiving(Entry entry) {
        entry.phase = Phase.RECEIVING;
        entry.checkpointIncoming = -1;
    }

    /**
     * Why the current attempt of {@code entry} may not copy its checkpoint of {@code step} home now, or null when it
     * may (the caller then calls {@link #checkpointIncoming}).
     */
    String checkpointRefusal(Entry entry, long step) {
        if (entry.phase != Phase.RUNNING) {
            return "run " + entry.run.id() + " is not training";
        }
        if (entry.checkpointIncoming >= 0) {
            return "the checkpoint of step " + entry.checkpointIncoming + " of run " + entry.run.id()
                    + " is still on its way home";
        }
        if (entry.checkpoint != null && step <= entry.checkpoint.step()) {
            return "run " + entry.run.id() + " has its checkpoint of step " + entry.checkpoint.step() + " home already";
        }
        return null;
    }

    /** The current attempt's checkpoint of {@code step} is on its way home. */
    void checkpointIncoming(Entry entry, long step) {
        entry.checkpointIncoming = step;
    }

    /**
     * The checkpoint copy of {@code step} on its way home arrived in {@code copy}, unless the attempt was taken back
     * or its results came meanwhile.
     *
     * @return the copy it replaces (to delete), the new copy itself when it came too late (to delete), or empty
     */
    Optional<CheckpointHome> checkpointArrived(Entry entry, long step, CheckpointHome copy) {
        if (entry.checkpointIncoming != step) {
            return Optional.of(copy);
        }
        entry.checkpointIncoming = -1;
        CheckpointHome replaced = entry.checkpoint;
        entry.checkpoint = copy;
        return Optional.ofNullable(replaced);
    }

    /** The checkpoint copy on its way home failed: the next one may come. */
    void checkpointLost(Entry entry, long step) {
        if (entry.checkpointIncoming == step) {
            entry.checkpointIncoming = -1;
        }
    }

    /**
     * Forgets the run's checkpoint copy (its results are home, it failed for good, or the copy could not be used).
     *
     * @return the copy forgotten, to delete
     */
    Optional<CheckpointHome> dropCheckpoint(Entry entry) {
        CheckpointHome dropped = entry.checkpoint;
        entry.checkpoint = null;
        return Optional.ofNullable(dropped);
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
        entry.checkpointIncoming = -1;
        if (entry.attempt >= MAX_ATTEMPTS) {
            entry.phase = Phase.HOME;
            entry.record = new RunRecord(entry.run, RunRecord.State.FAILED, "given up after " + entry.attempt
                    + " attempts; last: " + reason, 0, 0);
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

    /** The entry of {@code runId}, if the plan has that run. */
    Optional<Entry> entry(String runId) {
        return Optional.ofNullable(entries.get(runId));
    }
}
