package bml.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The interval arithmetic the rules decide with: measures, their union over seeds, and resampled trends. */
class IntervalsTest {

    @Test
    void aDifferenceAddsTheHalfWidthsInQuadratureOnEachSide() {
        Measure a = new Measure(0.6, 0.57, 0.64);
        Measure b = new Measure(0.4, 0.36, 0.43);
        Measure d = a.minus(b);
        assertEquals(0.2, d.value(), 1e-12);
        assertEquals(0.2 - Math.sqrt(0.03 * 0.03 + 0.03 * 0.03), d.low(), 1e-12, "a's lower side with b's upper");
        assertEquals(0.2 + Math.sqrt(0.04 * 0.04 + 0.04 * 0.04), d.high(), 1e-12, "a's upper side with b's lower");
        assertEquals(Measure.point(0.25), Measure.point(0.5).minus(Measure.point(0.25)), "points stay points");
    }

    @Test
    void absoluteValueFoldsAnIntervalThatStraddlesZero() {
        assertEquals(new Measure(0.02, 0, 0.06), new Measure(-0.02, -0.06, 0.04).abs());
        assertEquals(new Measure(0.1, 0.05, 0.2), new Measure(-0.1, -0.2, -0.05).abs());
        assertEquals(new Measure(0.1, 0.05, 0.2), new Measure(0.1, 0.05, 0.2).abs());
    }

    @Test
    void maxAndMinActOnEachBound() {
        List<Measure> measures = List.of(new Measure(0.3, 0.2, 0.5), new Measure(0.4, 0.35, 0.45));
        assertEquals(new Measure(0.4, 0.35, 0.5), Measure.max(measures));
        assertEquals(new Measure(0.3, 0.2, 0.45), Measure.min(measures));
        assertTrue(Measure.max(List.of(Measure.point(Double.NaN), Measure.point(1))).isNaN());
    }

    @Test
    void anEstimateOverSeedsHasTheirMedianMinMaxAndTheUnionOfTheirIntervals() {
        Estimate e = new Estimate(List.of(new Measure(0.55, 0.52, 0.58), new Measure(0.67, 0.64, 0.70),
                new Measure(0.61, 0.58, 0.64)));
        assertEquals(0.61, e.median());
        assertEquals(0.55, e.min());
        assertEquals(0.67, e.max());
        assertEquals(0.52, e.low());
        assertEquals(0.70, e.high());
        assertEquals("0.610 (3 seeds 0.550–0.670; interval 0.520–0.700)", e.describe());
        assertEquals(0.5, Estimate.of(Measure.point(0.4), Measure.point(0.6)).median());
        assertEquals("0.400", Estimate.of(Measure.point(0.4)).describe());
    }

    @Test
    void aThresholdHoldsOnTheWholeIntervalFailsOnNoneOfItAndIsUndecidedInBetween() {
        Estimate e = Estimate.of(new Measure(0.1, 0.05, 0.15));
        assertEquals(Check.HOLDS, e.atLeast(0.05), "the lower bound exactly on the threshold");
        assertEquals(Check.UNDECIDED, e.atLeast(0.0500001));
        assertEquals(Check.UNDECIDED, e.atLeast(0.15));
        assertEquals(Check.FAILS, e.atLeast(0.1500001));
        assertEquals(Check.HOLDS, e.atMost(0.15));
        assertEquals(Check.UNDECIDED, e.atMost(0.1499999));
        assertEquals(Check.FAILS, e.atMost(0.0499999));
        assertEquals(Check.HOLDS, Estimate.of(Measure.point(0.30 - 0.25)).atLeast(0.05),
                "0.30 - 0.25 is just below 0.05 in binary");
        assertEquals(Check.UNDECIDED, new Estimate(List.of()).atLeast(0));
    }

    @Test
    void clausesCombineIntoAnOutcome() {
        assertEquals(Outcome.SUPPORTED, Check.outcome(List.of(Check.HOLDS, Check.HOLDS)));
        assertEquals(Outcome.INCONCLUSIVE, Check.outcome(List.of(Check.HOLDS, Check.UNDECIDED)));
        assertEquals(Outcome.NOT_SUPPORTED, Check.outcome(List.of(Check.UNDECIDED, Check.FAILS)));
    }

    private static TrendResampling.Point point(double x, Measure... seeds) {
        return new TrendResampling.Point(x, List.of(seeds));
    }

    @Test
    void aTrendWithoutIntervalsHasItsObservedRhoAsItsInterval() {
        Measure rho = TrendResampling.rho(List.of(point(1, Measure.point(0.3)), point(2, Measure.point(0.4)),
                point(3, Measure.point(0.5)), point(Double.POSITIVE_INFINITY, Measure.point(0.6))));
        assertEquals(Measure.point(1.0), rho);
    }

    @Test
    void aTrendWhosePointsTheQueriesCouldReorderGetsAWideIntervalAroundItsRho() {
        List<TrendResampling.Point> close = List.of(point(1, new Measure(0.40, 0.37, 0.43)),
                point(2, new Measure(0.41, 0.38, 0.44)), point(3, new Measure(0.42, 0.39, 0.45)));
        Measure rho = TrendResampling.rho(close);
        assertEquals(1.0, rho.value());
        assertTrue(rho.low() <= -0.5, rho.toString());
        assertEquals(rho, TrendResampling.rho(close), "the same results give the same interval");
        List<TrendResampling.Point> apart = List.of(point(1, new Measure(0.30, 0.27, 0.33)),
                point(2, new Measure(0.45, 0.42, 0.48)), point(3, new Measure(0.60, 0.57, 0.63)));
        assertEquals(Measure.point(1.0), TrendResampling.rho(apart), "no draw reorders points 15 points apart");
    }

    @Test
    void aTrendPointWithSeveralSeedsDrawsOneOfThemEachTime() {
        Measure rho = TrendResampling.rho(List.of(point(1, Measure.point(0.5)), point(2, Measure.point(0.4),
                Measure.point(0.6)), point(3, Measure.point(0.55))));
        // Observed on the medians 0.5, 0.5, 0.55 (a tie): sqrt(3) / 2. Every draw takes 0.4 or 0.6 instead, and
        // either way the ranks are one swap from sorted: rho = 0.5.
        assertEquals(Math.sqrt(3) / 2, rho.value(), 1e-12);
        assertEquals(0.5, rho.low(), 1e-12);
        assertEquals(rho.value(), rho.high(), 1e-12);
    }
}
