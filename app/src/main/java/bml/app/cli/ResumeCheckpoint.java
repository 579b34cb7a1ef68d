package bml.app.cli;

import bml.actors.queue.Queues;
import bml.config.RollCycleName;
import bml.runfiles.CheckpointRetention;
import bml.runfiles.RecordedSteps;
import bml.runfiles.RunDirectory;
import bml.training.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint a resume continues from: the newest one whose step the metrics already cover, and no later than the
 * first due probe the metrics lack.
 *
 * <p>Why not simply the latest: a kill can land after a checkpoint is renamed into place but before the metrics hub
 * has appended the train records of the steps it holds; resuming from it would leave those steps without a record
 * forever. And a probe runs while training goes on, so a kill can land after later checkpoints while a probe is still
 * measuring its snapshot; that snapshot exists nowhere else. Stepping back to a kept step checkpoint at or before both
 * replays the missing steps and, when the checkpoint is of the probe's step, probes it again (the trainer repeats a
 * checkpoint's due probe); the hub drops the records it already has. A probe whose step has no kept checkpoint at or
 * before it is lost: the resume says so. Keeping a checkpoint at every probe step (training.checkpoint-every dividing
 * probe.every, training.checkpoint-keep-every = probe.every) makes that impossible.
 */
final class ResumeCheckpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeCheckpoint.class);

    private ResumeCheckpoint() {}

    /** The checkpoint to resume {@code directory} from, given its metrics queue's roll cycle and probe interval. */
    static Path choose(RunDirectory directory, RollCycleName rollCycle, long probeEvery) throws IOException {
        RecordedSteps recorded = recorded(directory, rollCycle);
        long limit = recorded.continuableUpTo(probeEvery, false);
        Path latest = directory.checkpoint();
        if (Checkpoints.position(latest).step() <= limit) {
            return latest;
        }
        Path stepDirectory = latest.getParent();
        List<Long> kept = CheckpointRetention.steps(stepDirectory);
        Optional<Long> beforeProbe = CheckpointRetention.newestAtMost(kept, limit);
        if (beforeProbe.isPresent()) {
            return CheckpointRetention.file(stepDirectory, beforeProbe.get());
        }
        Optional<Long> covered = CheckpointRetention.newestAtMost(kept, recorded.lastTrainStep());
        if (covered.isPresent()) {
            LOG.warn("The probe of step {} was cut off by the end of the last process and no checkpoint at or "
                    + "before it is kept (kept: {}): it is lost; resuming from step {}",
                    recorded.firstMissingProbe(probeEvery), kept, covered.get());
            return CheckpointRetention.file(stepDirectory, covered.get());
        }
        throw new BadInputException(directory.root() + ": its metrics record training up to step "
                + recorded.lastTrainStep() + ", but every checkpoint kept is of a later step (" + kept + "): resuming "
                + "would leave steps without a record; start a new run", null);
    }


    /** The last train step ({@code -1} when none) and the ended probes in the run's metrics queue, the record of truth. */
    static RecordedSteps recorded(RunDirectory directory, RollCycleName rollCycle) {
        RecordedSteps recorded = new RecordedSteps();
        if (!Files.isDirectory(directory.metricsQueue())) {
            return recorded;
        }
        try (ChronicleQueue queue = Queues.open(directory.metricsQueue(), rollCycle);
             ExcerptTailer tailer = queue.createTailer()) {
            for (String line = tailer.readText(); line != null; line = tailer.readText()) {
                recorded.accept(line);
            }
        }
        return recorded;
    }
}
