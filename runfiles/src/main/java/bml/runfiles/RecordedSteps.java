package bml.runfiles;

import java.util.HashSet;
import java.util.Set;

/**
 * What a run's metrics records say it recorded: its last train step and the steps whose probe ended (measured or
 * failed). Fed one JSON line at a time, from the metrics queue or from {@code metrics.jsonl}.
 *
 * <p>Why it matters: a run continued from a checkpoint replays the steps after it, and the metrics hub drops the
 * records it already holds; a checkpoint is therefore only a sound place to continue from when the records cover
 * its step and no due probe before it is missing (see {@code bml resume} and the cluster's checkpoint copies).
 *
 * <p>Not thread-safe: one reader fills it.
 */
public final class RecordedSteps {
    private long lastTrainStep = -1;
    private long lastProbedStep = -1;
    private final Set<Long> probedSteps = new HashSet<>();
    private boolean ended;

    /** Takes in one record; throws {@link IllegalArgumentException} when {@code line} is not a metric record. */
    public void accept(String line) {
        MetricRecord record = RunJson.metric(line);
        if (record instanceof TrainRecord train) {
            lastTrainStep = Math.max(lastTrainStep, train.step());
        } else if (record instanceof ProbeRecord probe) {
            probeEnded(probe.step());
        } else if (record instanceof ProbeFailedRecord failed) {
            probeEnded(failed.step());
        } else if (record instanceof EndRecord) {
            ended = true;
        }
    }

    /** The last train step recorded, -1 when none. */
    public long lastTrainStep() {
        return lastTrainStep;
    }

    private void probeEnded(long step) {
        probedSteps.add(step);
        lastProbedStep = Math.max(lastProbedStep, step);
    }

    /** The newest step whose probe ended, -1 when none. */
    public long lastProbedStep() {
        return lastProbedStep;
    }

    /** True when the probe of {@code step} ended (measured or failed). */
    public boolean probed(long step) {
        return probedSteps.contains(step);
    }

    /** True once the run's end record is among them. */
    public boolean ended() {
        return ended;
    }

    /** The first multiple of {@code probeEvery} up to the last train step whose probe did not end; -1 if none. */
    public long firstMissingProbe(long probeEvery) {
        return firstMissingProbe(probeEvery, false);
    }

    /**
     * The newest step a continuation may start from: one the train records cover, and no later than the first due
     * probe that did not end, since a continuation re-probes only its own step. With {@code skippedProbesNeverCome}
     * (one probe slot, which measures in step order), a due probe older than the newest ended one was coalesced into
     * it and never comes, so it holds nothing back. -1 when no train step is recorded.
     */
    public long continuableUpTo(long probeEvery, boolean skippedProbesNeverCome) {
        long missing = firstMissingProbe(probeEvery, skippedProbesNeverCome);
        return missing < 0 ? lastTrainStep : Math.min(lastTrainStep, missing);
    }

    private long firstMissingProbe(long probeEvery, boolean skippedProbesNeverCome) {
        if (probeEvery <= 0) {
            return -1;
        }
        for (long step = 0; step <= lastTrainStep; step += probeEvery) {
            boolean coalesced = skippedProbesNeverCome && lastProbedStep > step;
            if (!probedSteps.contains(step) && !coalesced) {
                return step;
            }
        }
        return -1;
    }
}
