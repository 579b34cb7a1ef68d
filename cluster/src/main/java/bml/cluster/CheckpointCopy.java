package bml.cluster;

import bml.runfiles.CheckpointRetention;
import bml.runfiles.FileTrees;
import bml.runfiles.RecordedSteps;
import bml.runfiles.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Stages, on a worker, a copy of a training run's checkpoint for the trip home: the newest kept step checkpoint
 * that another worker could continue the run from, with the run's {@code metrics.jsonl} as of now (the settings
 * travel inside the checkpoint).
 *
 * <p>Which checkpoint: a continuation replays the steps after its checkpoint, and the metrics hub drops the records
 * the copied metrics already hold, so the copy must cover the checkpoint's step with train records, and no probe due
 * at or before it may still be on its way (it would be lost: the continuation re-probes only its checkpoint's own
 * step). A missing due probe counts as on its way, except with one probe slot when a later probe is already recorded:
 * one slot measures in step order, so that probe was coalesced into a later one and never comes. Step checkpoints are
 * hard links that are never rewritten, so one can be copied while the trainer writes the next.
 *
 * <p>File work: call on the blocking dispatcher.
 */
final class CheckpointCopy {
    /** A staged copy: {@code files} (relative to {@code dir}) hold the checkpoint of {@code step}. */
    record Staged(long step, Path dir, List<FileEntry> files) {}

    private CheckpointCopy() {}

    /**
     * Stages into {@code staging} (replacing what it held) the newest kept step checkpoint of {@code run} after step
     * {@code after} that the metrics written so far ({@code metrics}, the run's metrics.jsonl, caught up here) allow
     * continuing from; empty when there is none yet, or when the run has ended (its results come home whole).
     *
     * @param probeEvery the run's probe interval; {@code probeSlots} its number of probes at a time
     */
    static Optional<Staged> stage(RunDirectory run, MetricsTail metrics, long after, long probeEvery, int probeSlots,
                                  Path staging) throws IOException {
        Path steps = run.checkpoint().getParent();
        List<Long> kept = CheckpointRetention.steps(steps);
        if (kept.isEmpty() || kept.get(kept.size() - 1) <= after) {
            return Optional.empty(); // nothing new: the metrics are not read at all
        }
        metrics.catchUp();
        RecordedSteps recorded = metrics.recorded();
        if (recorded.ended()) {
            return Optional.empty();
        }
        Optional<Long> chosen = CheckpointRetention.newestAtMost(kept,
                recorded.continuableUpTo(probeEvery, probeSlots == 1)).filter(step -> step > after);
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        FileTrees.delete(staging);
        Path checkpoint = staging.resolve(ResultFiles.CHECKPOINT);
        Files.createDirectories(checkpoint.getParent());
        try {
            Files.copy(CheckpointRetention.file(steps, chosen.get()), checkpoint);
        } catch (NoSuchFileException e) {
            return Optional.empty(); // thinned out by the retention meanwhile; a newer one comes
        }
        metrics.copyTo(staging.resolve(RunDirectory.METRICS_JSONL));
        return Optional.of(new Staged(chosen.get(), staging, ResultFiles.manifest(staging,
                ResultFiles.CHECKPOINT_COPY)));
    }
}
