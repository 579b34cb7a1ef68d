package bml.training;

import ai.djl.ndarray.NDArray;

/**
 * The per-channel mean and variance of activations seen chunk by chunk, combined exactly in double precision.
 *
 * <p>Why: a layer's statistics over all images must not depend on how the images were batched. Each chunk's mean
 * and sum of squared deviations are computed on the device, then merged with Chan, Golub and LeVeque's pairwise
 * update, which avoids the cancellation of a running sum of squares.
 */
final class ChannelMoments {

    private double[] mean;
    private double[] squaredDeviations;
    private long count;

    /** Adds the activations {@code x} of shape [N, C, ...]: channel axis 1, every other axis a sample of it. */
    void add(NDArray x) {
        long channels = x.getShape().get(1);
        NDArray perChannel = x.swapAxes(0, 1).reshape(channels, -1);
        long n = perChannel.getShape().get(1);
        NDArray chunkMean = perChannel.mean(new int[] {1});
        float[] means = chunkMean.toFloatArray();
        float[] deviations = perChannel.sub(chunkMean.reshape(channels, 1)).square().sum(new int[] {1})
                .toFloatArray();
        if (mean == null) {
            mean = new double[means.length];
            squaredDeviations = new double[means.length];
        }
        long total = count + n;
        for (int c = 0; c < means.length; c++) {
            double delta = means[c] - mean[c];
            mean[c] += delta * n / total;
            squaredDeviations[c] += deviations[c] + delta * delta * ((double) count * n / total);
        }
        count = total;
    }

    /** The mean of each channel. */
    float[] mean() {
        float[] result = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            result[c] = (float) mean[c];
        }
        return result;
    }

    /** The population variance of each channel: squared deviations over the count. */
    float[] variance() {
        float[] result = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            result[c] = (float) (squaredDeviations[c] / count);
        }
        return result;
    }
}
