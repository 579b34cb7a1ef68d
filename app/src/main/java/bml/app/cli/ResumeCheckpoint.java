package bml.app.cli;

import bml.actors.queue.Queues;
import bml.config.RollCycleName;
import bml.runfiles.CheckpointRetention;
import bml.runfiles.MetricRecord;
import bml.runfiles.ProbeFailedRecord;
import bml.runfiles.ProbeRecord;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunJson;
import bml.runfiles.TrainRecord;
import bml.training.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    /** What the metrics queue says a run recorded: its last train step and the steps whose probe ended. */
    record Recorded(long lastTrainStep, Set<Long> probedSteps) {
        /** The first multiple of {@code probeEvery} up to the last train step whose probe did not end; -1 if none. */
        long firstMissingProbe(long probeEvery) {
            if (probeEvery <= 0) {
                return -1;
            }
            for (long step = 0; step <= lastTrainStep; step += probeEvery) {
                if (!probedSteps.contains(step)) {
                    return step;
                }
            }
            return -1;
        }
    }

    /** The checkpoint to resume {@code directory} from, given its metrics queue's roll cycle and probe interval. */
    static Path choose(RunDirectory directory, RollCycleName rollCycle, long probeEvery) throws IOException {
        Recorded recorded = recorded(directory, rollCycle);
        long missingProbe = recorded.firstMissingProbe(probeEvery);
        long limit = missingProbe < 0 ? recorded.lastTrainStep()
                : Math.min(recorded.lastTrainStep(), missingProbe);
        Path latest = directory.checkpoint();
        if (Checkpoints.position(latest).step() <= limit) {
            return latest;
        }
        Path stepDirectory = latest.getParent();
        List<Long> kept = CheckpointRetention.steps(stepDirectory);
        Optional<Long> beforeProbe = newestAtMost(kept, limit);
        if (beforeProbe.isPresent()) {
            return CheckpointRetention.file(stepDirectory, beforeProbe.get());
        }
        Optional<Long> covered = newestAtMost(kept, recorded.lastTrainStep());
        if (covered.isPresent()) {
            LOG.warn("The probe of step {} was cut off by the end of the last process and no checkpoint at or "
                    + "before it is kept (kept: {}): it is lost; resuming from step {}", missingProbe, kept,
                    covered.get());
            return CheckpointRetention.file(stepDirectory, covered.get());
        }
        throw new BadInputException(directory.root() + ": its metrics record training up to step "
                + recorded.lastTrainStep() + ", but every checkpoint kept is of a later step (" + kept + "): resuming "
                + "would leave steps without a record; start a new run", null);
    }

    private static Optional<Long> newestAtMost(List<Long> steps, long limit) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) <= limit) {
                return Optional.of(steps.get(i));
            }
        }
        return Optional.empty();
    }

    /** The last train step ({@code -1} when none) and the ended probes in the run's metrics queue, the record of truth. */
    static Recorded recorded(RunDirectory directory, RollCycleName rollCycle) {
        long last = -1;
        Set<Long> probed = new HashSet<>();
        if (!Files.isDirectory(directory.metricsQueue())) {
            return new Recorded(last, probed);
        }
        try (ChronicleQueue queue = Queues.open(directory.metricsQueue(), rollCycle);
             ExcerptTailer tailer = queue.createTailer()) {
            for (String line = tailer.readText(); line != null; line = tailer.readText()) {
                MetricRecord record = RunJson.metric(line);
                if (record instanceof TrainRecord train) {
                    last = Math.max(last, train.step());
                } else if (record instanceof ProbeRecord probe) {
                    probed.add(probe.step());
                } else if (record instanceof ProbeFailedRecord failed) {
                    probed.add(failed.step());
                }
            }
        }
        return new Recorded(last, probed);
    }
}
