package bml.actors;

/**
 * Formats the live progress line shown on the terminal while a run goes on. {@code train_acc} is the batch's
 * accuracy on the labels the run trains on: random ones, or partly true ones when {@code labels.noise} is below 1.
 */
final class ProgressLine {
    private ProgressLine() {}

    static String format(long step, long totalSteps, double loss, double trainAccuracy, double viewsPerSecond,
                         double samplesPerSecond, long lag, LayerTable table) {
        String steps = totalSteps > 0 ? step + "/" + totalSteps : Long.toString(step);
        String knn = table.isEmpty() ? "" : "  knn@" + table.latestStep() + ": " + table.compact();
        return String.format("step %s  loss %.4f  train_acc %.3f  views/s %.0f  samples/s %.0f  lag %d%s",
                steps, loss, trainAccuracy, viewsPerSecond, samplesPerSecond, lag, knn);
    }
}
