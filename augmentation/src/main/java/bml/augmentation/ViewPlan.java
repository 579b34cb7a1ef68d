package bml.augmentation;

import bml.config.Seeds;
import java.util.SplittableRandom;

/**
 * The deterministic order of the view stream: which sample and which view id global view number {@code g} is.
 *
 * <p>Samples are visited epoch by epoch: epoch {@code e = g / samples} walks a permutation of all samples drawn from
 * {@code Seeds.random(seed, "plan", e)}, so every sample appears once per epoch. With fresh views
 * ({@code viewsPerSample = 0}) the view id is the epoch, so no view repeats; with a fixed number {@code n} of views
 * per sample (the paper's {@code fullfixed_n}) the view id is uniform in {@code [0, n)}, drawn from
 * {@code Seeds.random(seed, "plan-view", g)}. Because the plan is a pure function of {@code g}, the stream is the
 * same whatever the number of workers. <b>Not thread-safe:</b> caches the current epoch's permutation; one per
 * worker.
 */
public final class ViewPlan {
    private final int samples;
    private final int viewsPerSample;
    private final long seed;
    private final int[] permutation;
    private long cachedEpoch = -1;

    public ViewPlan(int samples, int viewsPerSample, long seed) {
        if (samples <= 0) {
            throw new IllegalArgumentException("samples: expected > 0, got " + samples);
        }
        if (viewsPerSample < 0) {
            throw new IllegalArgumentException("viewsPerSample: expected >= 0 (0 = fresh views), got "
                    + viewsPerSample);
        }
        this.samples = samples;
        this.viewsPerSample = viewsPerSample;
        this.seed = seed;
        this.permutation = new int[samples];
    }

    /** The sample shown at global view number {@code g}. */
    public int sample(long g) {
        checkIndex(g);
        long epoch = g / samples;
        if (epoch != cachedEpoch) {
            shuffle(epoch);
        }
        return permutation[(int) (g % samples)];
    }

    /** The view id at global view number {@code g}: the epoch for fresh views, else uniform in [0, n). */
    public long view(long g) {
        checkIndex(g);
        if (viewsPerSample == 0) {
            return g / samples;
        }
        return Seeds.random(seed, "plan-view", g).nextInt(viewsPerSample);
    }

    private void shuffle(long epoch) {
        for (int i = 0; i < samples; i++) {
            permutation[i] = i;
        }
        SplittableRandom rng = Seeds.random(seed, "plan", epoch);
        for (int i = samples - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        cachedEpoch = epoch;
    }

    private static void checkIndex(long g) {
        if (g < 0) {
            throw new IllegalArgumentException("global view number: expected >= 0, got " + g);
        }
    }
}
