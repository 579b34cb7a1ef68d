package bml.app.cli;

import bml.actors.queue.Queues;
import bml.config.RollCycleName;
import bml.runfiles.CheckpointRetention;
import bml.runfiles.MetricRecord;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunJson;
import bml.runfiles.TrainRecord;
import bml.training.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * The checkpoint a resume continues from: the newest one whose step the metrics already cover.
 *
 * <p>Why not simply the latest: a kill can land after a checkpoint is renamed into place but before the metrics hub
 * has appended the train records of the steps it holds; resuming from it would leave those steps without a record
 * forever. Stepping back to a kept step checkpoint at or before the last recorded step replays the missing steps,
 * and the hub drops the records it already has.
 */
final class ResumeCheckpoint {
    private ResumeCheckpoint() {}

    /** The checkpoint to resume {@code directory} from, given the roll cycle of its metrics queue. */
    static Path choose(RunDirectory directory, RollCycleName rollCycle) throws IOException {
        long recorded = lastRecordedTrainStep(directory, rollCycle);
        Path latest = directory.checkpoint();
        if (Checkpoints.position(latest).step() <= recorded) {
            return latest;
        }
        Path stepDirectory = latest.getParent();
        List<Long> kept = CheckpointRetention.steps(stepDirectory);
        for (int i = kept.size() - 1; i >= 0; i--) {
            if (kept.get(i) <= recorded) {
                return CheckpointRetention.file(stepDirectory, kept.get(i));
            }
        }
        throw new BadInputException(directory.root() + ": its metrics record training up to step " + recorded
                + ", but every checkpoint kept is of a later step (" + kept + "): resuming would leave steps without "
                + "a record; start a new run", null);
    }

    /** The last train step in the run's metrics queue, the record of truth ({@code -1} when there is none). */
    static long lastRecordedTrainStep(RunDirectory directory, RollCycleName rollCycle) {
        if (!Files.isDirectory(directory.metricsQueue())) {
            return -1;
        }
        long last = -1;
        try (ChronicleQueue queue = Queues.open(directory.metricsQueue(), rollCycle);
             ExcerptTailer tailer = queue.createTailer()) {
            for (String line = tailer.readText(); line != null; line = tailer.readText()) {
                MetricRecord record = RunJson.metric(line);
                if (record instanceof TrainRecord train) {
                    last = Math.max(last, train.step());
                }
            }
        }
        return last;
    }
}
