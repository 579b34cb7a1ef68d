package bml.probing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The k-NN accuracy's bootstrap interval over the queries. */
class QueryBootstrapTest {

    /** {@code right} of {@code total} answers correct, scattered in a seeded order. */
    private static boolean[] answers(int right, int total, long seed) {
        boolean[] answers = new boolean[total];
        for (int i = 0; i < right; i++) {
            answers[i] = true;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = total - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            boolean t = answers[i];
            answers[i] = answers[j];
            answers[j] = t;
        }
        return answers;
    }

    /** The Wilson score interval at 95% (z = 1.959964), computed from its textbook formula. */
    private static double[] wilson(int right, int total) {
        double z = 1.959964;
        double p = (double) right / total;
        double denominator = 1 + z * z / total;
        double centre = (p + z * z / (2.0 * total)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / total + z * z / (4.0 * total * total)) / denominator;
        return new double[] {centre - half, centre + half};
    }

    /**
     * With 2,000 queries the bootstrap's percentiles and Wilson's bounds agree within 0.005: the two differ by the
     * bootstrap's Monte Carlo error (about 0.001 here) and the 1/Q steps of the resampled accuracies (0.0005).
     */
    @Test
    void agreesWithTheWilsonIntervalForManyQueries() {
        int total = 2000;
        for (int right : new int[] {200, 700, 1000, 1640, 1800}) {
            AccuracyInterval interval = QueryBootstrap.interval(answers(right, total, right));
            double[] expected = wilson(right, total);
            assertEquals(expected[0], interval.low(), 0.005, right + " of " + total + ": low");
            assertEquals(expected[1], interval.high(), 0.005, right + " of " + total + ": high");
        }
    }

    @Test
    void allRightOrAllWrongGivesADegenerateInterval() {
        assertEquals(new AccuracyInterval(1, 1), QueryBootstrap.interval(answers(500, 500, 1)));
        assertEquals(new AccuracyInterval(0, 0), QueryBootstrap.interval(answers(0, 500, 1)));
        assertEquals(new AccuracyInterval(1, 1), QueryBootstrap.interval(new boolean[] {true}));
    }

    @Test
    void fewerQueriesGiveAWiderIntervalAroundTheAccuracy() {
        AccuracyInterval few = QueryBootstrap.interval(answers(60, 100, 3));
        AccuracyInterval many = QueryBootstrap.interval(answers(1200, 2000, 3));
        assertTrue(few.low() < 0.6 && 0.6 < few.high(), few.toString());
        assertTrue(many.low() < 0.6 && 0.6 < many.high(), many.toString());
        assertTrue(few.high() - few.low() > 3 * (many.high() - many.low()), few + " vs " + many);
    }

    @Test
    void dependsOnTheAnswersOnly() {
        boolean[] answers = answers(321, 800, 5);
        assertEquals(QueryBootstrap.interval(answers), QueryBootstrap.interval(answers.clone()));
    }

    @Test
    void refusesAnEmptyQuerySet() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> QueryBootstrap.interval(new boolean[0]));
        assertTrue(error.getMessage().contains("at least 1 query"), error.getMessage());
    }
}
