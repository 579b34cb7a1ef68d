package bml.reproduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rank correlation as the diversity rule uses it: fresh views as infinity, ties averaged. */
class SpearmanTest {
    private static final double FRESH = Double.POSITIVE_INFINITY;

    @Test
    void monotoneTrendsCorrelateFullyWithFreshViewsRankedLast() {
        double[] n = {1, 4, 16, 64, FRESH};
        assertEquals(-1.0, Spearman.rho(n, new double[] {1.0, 0.9, 0.5, 0.4, 0.1}), 1e-12);
        assertEquals(1.0, Spearman.rho(n, new double[] {0.2, 0.3, 0.31, 0.5, 0.6}), 1e-12);
    }

    @Test
    void tiesShareTheirAverageRank() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Spearman.ranks(new double[] {0.1, 0.5, 0.5, 0.9}));
    }

    @Test
    void aConstantSideHasNoCorrelation() {
        assertTrue(Double.isNaN(Spearman.rho(new double[] {1, 2, 3}, new double[] {0.5, 0.5, 0.5})));
        assertTrue(Double.isNaN(Spearman.rho(new double[] {1}, new double[] {0.5})));
    }
}
