package bml.actors;

/**
 * What the trainer did over the run, for the summary.
 *
 * @param steps           optimizer steps done
 * @param samples         training samples consumed
 * @param wallNanos       time from the first step's start to the last step's end
 * @param waitNanos       part of that time spent waiting for views
 * @param computeNanos    part of that time spent in training steps
 * @param queueIndex      the views-queue index of the last view trained on (-1 when none)
 * @param checkpoint      path of the last checkpoint written, or empty
 */
public record TrainerReport(long steps, long samples, long wallNanos, long waitNanos, long computeNanos,
                            long queueIndex, String checkpoint) {

    public double samplesPerSecond() {
        return wallNanos == 0 ? 0 : samples * 1e9 / wallNanos;
    }

    /** Samples per second of the training steps alone: the bare step rate inside the running system. */
    public double stepSamplesPerSecond() {
        return computeNanos == 0 ? 0 : samples * 1e9 / computeNanos;
    }

    public double waitFraction() {
        return wallNanos == 0 ? 0 : (double) waitNanos / wallNanos;
    }
}
