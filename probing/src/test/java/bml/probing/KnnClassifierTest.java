package bml.probing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import bml.config.Weighting;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KnnClassifierTest {

    private static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    /**
     * Unit vectors with exactly four entries of +-0.5: norms are exactly 1 and every dot product is a multiple of
     * 0.25, exact in float and double, so neighbour and vote ties really happen and must follow the rules.
     */
    private static float[][] discreteUnitVectors(SplittableRandom rng, int rows, int dim) {
        float[][] out = new float[rows][dim];
        for (float[] row : out) {
            int placed = 0;
            while (placed < 4) {
                int j = rng.nextInt(dim);
                if (row[j] == 0f) {
                    row[j] = rng.nextBoolean() ? 0.5f : -0.5f;
                    placed++;
                }
            }
        }
        return out;
    }

    private static float[][] gaussianUnitVectors(SplittableRandom rng, int rows, int dim) {
        float[][] out = new float[rows][dim];
        for (float[] row : out) {
            double norm = 0;
            double[] v = new double[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = nextGaussian(rng);
                norm += v[j] * v[j];
            }
            for (int j = 0; j < dim; j++) {
                row[j] = (float) (v[j] / Math.sqrt(norm));
            }
        }
        return out;
    }

    private static double nextGaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static int[] labels(SplittableRandom rng, int rows, int classesUsed) {
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = rng.nextInt(classesUsed);
        }
        return out;
    }

    private static KnnResult classify(float[][] bank, int[] bankLabels, float[][] queries, int[] queryLabels,
            int numClasses, int k, Weighting weighting, double temperature, int chunkSize) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray b = scope.create(bank);
            NDArray q = scope.create(queries);
            return KnnClassifier.classify(b, bankLabels, q, queryLabels, numClasses, k, weighting, temperature,
                    chunkSize);
        }
    }

    private static void assertMatchesReference(float[][] bank, int[] bankLabels, float[][] queries,
            int[] queryLabels, int numClasses, int k, Weighting weighting, double temperature, int chunkSize) {
        int[] expected = BruteForceKnn.predict(bank, bankLabels, queries, numClasses, k, weighting, temperature);
        KnnResult result = classify(bank, bankLabels, queries, queryLabels, numClasses, k, weighting,
                temperature, chunkSize);
        String where = weighting + " k=" + k + " chunk=" + chunkSize;
        assertArrayEquals(expected, result.predictions(), where);
        int correct = 0;
        for (int i = 0; i < expected.length; i++) {
            correct += expected[i] == queryLabels[i] ? 1 : 0;
        }
        assertEquals(correct, result.correct(), where);
        assertEquals(queries.length, result.total(), where);
        assertEquals((double) correct / queries.length, result.accuracy(), 0.0, where);
        boolean[] right = new boolean[expected.length];
        for (int i = 0; i < expected.length; i++) {
            right[i] = expected[i] == queryLabels[i];
        }
        AccuracyInterval interval = QueryBootstrap.interval(right);
        assertEquals(interval.low(), result.ciLow(), 0.0, where + ": the interval of the reference's right answers");
        assertEquals(interval.high(), result.ciHigh(), 0.0, where);
    }

    @Test
    void matchesBruteForceReferenceOnTieHeavyDataForBothWeightingsAndAnyChunking() {
        SplittableRandom rng = new SplittableRandom(11);
        float[][] bank = discreteUnitVectors(rng, 180, 8);
        float[][] queries = discreteUnitVectors(rng, 70, 8);
        int[] bankLabels = labels(rng, 180, 5);
        int[] queryLabels = labels(rng, 70, 5);
        for (Weighting weighting : Weighting.values()) {
            for (int k : new int[] {1, 5, 20}) {
                for (int chunk : new int[] {1, 16, 70, 500}) {
                    assertMatchesReference(bank, bankLabels, queries, queryLabels, 5, k, weighting, 0.07, chunk);
                }
            }
        }
    }

    @Test
    void matchesBruteForceReferenceOnContinuousFeatures() {
        SplittableRandom rng = new SplittableRandom(12);
        float[][] bank = gaussianUnitVectors(rng, 300, 64);
        float[][] queries = gaussianUnitVectors(rng, 120, 64);
        int[] bankLabels = labels(rng, 300, 10);
        int[] queryLabels = labels(rng, 120, 10);
        for (Weighting weighting : Weighting.values()) {
            for (int k : new int[] {1, 20, 77}) {
                assertMatchesReference(bank, bankLabels, queries, queryLabels, 10, k, weighting, 0.1, 32);
            }
        }
    }

    @Test
    void clampsKToTheBankSize() {
        SplittableRandom rng = new SplittableRandom(13);
        float[][] bank = discreteUnitVectors(rng, 50, 16);
        float[][] queries = discreteUnitVectors(rng, 60, 16);
        int[] bankLabels = labels(rng, 50, 4);
        int[] queryLabels = labels(rng, 60, 4);
        for (Weighting weighting : Weighting.values()) {
            assertMatchesReference(bank, bankLabels, queries, queryLabels, 4, 50, weighting, 0.5, 7);
            assertMatchesReference(bank, bankLabels, queries, queryLabels, 4, 51, weighting, 0.5, 7);
            assertMatchesReference(bank, bankLabels, queries, queryLabels, 4, 1000, weighting, 0.5, 60);
        }
    }

    @Test
    void takesTheClassCountFromTheArgumentNotFromTheLabelsPresent() {
        SplittableRandom rng = new SplittableRandom(14);
        float[][] bank = discreteUnitVectors(rng, 120, 12);
        float[][] queries = discreteUnitVectors(rng, 90, 12);
        int[] bankLabels = labels(rng, 120, 3);
        int[] queryLabels = labels(rng, 90, 7);
        for (Weighting weighting : Weighting.values()) {
            assertMatchesReference(bank, bankLabels, queries, queryLabels, 100, 9, weighting, 0.07, 25);
        }
    }

    @Test
    void breaksAnExactVoteTieTowardTheLowestClass() {
        float[][] bank = {{1, 0}, {1, 0}, {0, 1}, {0, 1}};
        int[] bankLabels = {4, 4, 2, 2};
        float s = (float) Math.sqrt(0.5);
        float[][] queries = {{s, s}};
        for (Weighting weighting : Weighting.values()) {
            KnnResult result = classify(bank, bankLabels, queries, new int[] {2}, 6, 4, weighting, 0.07, 1);
            assertEquals(2, result.predictions()[0], weighting.toString());
            assertEquals(1.0, result.accuracy(), weighting.toString());
        }
    }

    @Test
    void prefersTheLowerBankIndexAmongEquallySimilarNeighbours() {
        float[][] bank = {{0, 1}, {1, 0}, {1, 0}, {1, 0}};
        int[] bankLabels = {0, 3, 1, 2};
        float[][] queries = {{1, 0}};
        KnnResult nearestOnly = classify(bank, bankLabels, queries, new int[] {3}, 4, 1, Weighting.MAJORITY, 0, 1);
        assertEquals(3, nearestOnly.predictions()[0]);
        KnnResult twoNearest = classify(bank, bankLabels, queries, new int[] {3}, 4, 2, Weighting.MAJORITY, 0, 1);
        assertEquals(1, twoNearest.predictions()[0]);
    }

    @Test
    void rejectsLabelsOutsideTheClassCountNamingTheRow() {
        float[][] bank = {{1, 0}, {0, 1}};
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> classify(bank, new int[] {0, 5}, bank, new int[] {0, 1}, 3, 1, Weighting.MAJORITY, 0, 1));
        assertTrue(error.getMessage().contains("bank label 1"), error.getMessage());
        assertTrue(error.getMessage().contains("got 5"), error.getMessage());
    }

    @Test
    void rejectsMismatchedFeatureWidths() {
        float[][] bank = {{1, 0, 0}};
        float[][] queries = {{1, 0}};
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> classify(bank, new int[] {0}, queries, new int[] {0}, 1, 1, Weighting.MAJORITY, 0, 1));
        assertTrue(error.getMessage().contains("D=3"), error.getMessage());
    }

    @Test
    void rejectsANonPositiveTemperatureForTemperatureWeighting() {
        float[][] bank = {{1, 0}};
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> classify(bank, new int[] {0}, bank, new int[] {0}, 1, 1, Weighting.TEMPERATURE, 0, 1));
        assertTrue(error.getMessage().contains("temperature"), error.getMessage());
    }
}
