package bml.probing;

import bml.config.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A percentile bootstrap interval over the queries for a k-NN accuracy: the queries are resampled with replacement
 * {@value #RESAMPLES} times and the 2.5th and 97.5th percentiles of the resampled accuracies are the interval.
 *
 * <p>Why: the claim rules compare accuracies measured on a few hundred to a few thousand test images; the interval
 * says how far the choice of queries alone could move each figure, so a verdict can tell a difference from noise
 * (the nonparametric percentile bootstrap, Efron &amp; Tibshirani 1993, ch. 13). On a vector of right/wrong answers
 * it is cheap: {@value #RESAMPLES} x Q draws. The generator has a fixed seed, so the interval is a function of the
 * answers alone: the same answers always give the same interval, whichever run or layer they came from.
 */
public final class QueryBootstrap {
    /** Resamples per interval: enough that the percentiles move by less than 0.1 points between seeds at Q = 2,000. */
    public static final int RESAMPLES = 1000;
    /** Resampled accuracies left out below the interval and above it: 2.5% of {@value #RESAMPLES} each (95%). */
    static final int TAIL = RESAMPLES / 40;
    private static final long SEED = Seeds.derive(0, "knn-query-bootstrap");

    private QueryBootstrap() {
    }

    /**
     * The 95% percentile bootstrap interval of the fraction of {@code true} entries of {@code correct}: the
     * {@value #TAIL}-th smallest and the {@value #TAIL}-th largest (counting from 0) of {@value #RESAMPLES}
     * resampled accuracies; {@code [1, 1]} when every answer is right and {@code [0, 0]} when none is.
     *
     * @throws IllegalArgumentException when there are no answers
     */
    public static AccuracyInterval interval(boolean[] correct) {
        int q = correct.length;
        if (q == 0) {
            throw new IllegalArgumentException("k-NN bootstrap: expected at least 1 query, got 0");
        }
        SplittableRandom rng = new SplittableRandom(SEED);
        int[] counts = new int[RESAMPLES];
        for (int b = 0; b < RESAMPLES; b++) {
            int right = 0;
            for (int i = 0; i < q; i++) {
                if (correct[rng.nextInt(q)]) {
                    right++;
                }
            }
            counts[b] = right;
        }
        Arrays.sort(counts);
        return new AccuracyInterval((double) counts[TAIL] / q, (double) counts[RESAMPLES - 1 - TAIL] / q);
    }
}
