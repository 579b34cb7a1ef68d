package bml.probing;

import bml.config.Weighting;
import java.util.Arrays;

/**
 * Turns one query's k selected neighbours into a predicted class on the Java side.
 *
 * <p>Kept apart from the NDArray search so the vote rules (the part sklearn and DINO disagree on) are plain,
 * exactly reproducible Java: neighbours are ranked by similarity descending, then bank index ascending, and
 * temperature weights are accumulated in double in that rank order, so two classes whose neighbours have the same
 * similarities tie exactly and the tie goes to the lowest class index, as for the majority vote.
 */
final class NeighbourVote {

    private final int[] bankLabels;
    private final int numClasses;
    private final Weighting weighting;
    private final double temperature;
    private final int[] counts;
    private final double[] weights;
    private long[] keys = new long[0];

    NeighbourVote(int[] bankLabels, int numClasses, Weighting weighting, double temperature) {
        this.bankLabels = bankLabels;
        this.numClasses = numClasses;
        this.weighting = weighting;
        this.temperature = temperature;
        this.counts = new int[numClasses];
        this.weights = new double[numClasses];
    }

    /**
     * Predicts the class of one query from its neighbours; {@code sims[i]} is the similarity of bank row
     * {@code indices[i]}, for {@code i < count}, in any order.
     */
    int predict(float[] sims, int[] indices, int count) {
        if (weighting == Weighting.MAJORITY) {
            return majority(indices, count); // a count does not depend on rank order: nothing to sort
        }
        if (keys.length < count) {
            keys = new long[count];
        }
        for (int i = 0; i < count; i++) {
            keys[i] = rankKey(sims[i], indices[i]);
        }
        Arrays.sort(keys, 0, count);
        return weighted(count);
    }

    private int majority(int[] indices, int count) {
        Arrays.fill(counts, 0);
        for (int i = 0; i < count; i++) {
            counts[bankLabels[indices[i]]]++;
        }
        int best = 0;
        for (int c = 1; c < numClasses; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Sums exp((sim - maxSim) / T): the common factor exp(-maxSim / T) keeps exp finite and leaves the argmax. */
    private int weighted(int count) {
        Arrays.fill(weights, 0.0);
        double top = similarityOf(keys[0]);
        for (int i = 0; i < count; i++) {
            weights[bankLabels[indexOf(keys[i])]] += Math.exp((similarityOf(keys[i]) - top) / temperature);
        }
        int best = 0;
        for (int c = 1; c < numClasses; c++) {
            if (weights[c] > weights[best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Packs (similarity descending, index ascending) into one signed long: the high half is the bitwise NOT of
     * the float's order-preserving int image, the low half the bank index. {@code + 0.0f} folds -0.0 into 0.0 so
     * the order agrees with float {@code ==}.
     */
    static long rankKey(float sim, int index) {
        int bits = Float.floatToIntBits(sim + 0.0f);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~ordered << 32) | (index & 0xffffffffL);
    }

    private static int indexOf(long key) {
        return (int) key;
    }

    private static float similarityOf(long key) {
        int ordered = ~(int) (key >> 32);
        int bits = ordered ^ ((ordered >> 31) & 0x7fffffff);
        return Float.intBitsToFloat(bits);
    }
}
