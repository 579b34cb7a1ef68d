package bml.probing;

import bml.config.Weighting;
import java.util.Arrays;
import java.util.Comparator;

/** Plain-Java reference k-NN: double-precision cosine, full sort, the documented tie rules. */
final class BruteForceKnn {

    private BruteForceKnn() {
    }

    static int[] predict(float[][] bank, int[] bankLabels, float[][] queries, int numClasses, int k,
            Weighting weighting, double temperature) {
        int kept = Math.min(k, bank.length);
        int[] predictions = new int[queries.length];
        for (int q = 0; q < queries.length; q++) {
            double[] sims = new double[bank.length];
            for (int b = 0; b < bank.length; b++) {
                sims[b] = cosine(queries[q], bank[b]);
            }
            Integer[] order = new Integer[bank.length];
            for (int b = 0; b < bank.length; b++) {
                order[b] = b;
            }
            Arrays.sort(order, Comparator.<Integer>comparingDouble(b -> -sims[b]).thenComparingInt(b -> b));
            double[] votes = new double[numClasses];
            for (int i = 0; i < kept; i++) {
                int b = order[i];
                votes[bankLabels[b]] += weighting == Weighting.MAJORITY
                        ? 1.0 : Math.exp((sims[b] - sims[order[0]]) / temperature);
            }
            int best = 0;
            for (int c = 1; c < numClasses; c++) {
                if (votes[c] > votes[best]) {
                    best = c;
                }
            }
            predictions[q] = best;
        }
        return predictions;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / (Math.sqrt(na) * Math.sqrt(nb));
    }
}
