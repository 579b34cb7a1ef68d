package bml.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each claim rule reaches each of its outcomes on made-up result tables, and says why. */
class ClaimRulesTest {

    private static Verdict judge(ClaimRule rule, SyntheticResults results) {
        Verdict verdict = rule.evaluate(results.table());
        assertFalse(verdict.reason().isBlank(), verdict.toString());
        return verdict;
    }

    private static void assertOutcome(Outcome expected, Verdict verdict) {
        assertEquals(expected, verdict.outcome(), verdict.reason());
    }

    @Test
    void everyRuleIsSupportedByATableWhereEveryClaimHolds() {
        for (ClaimRule rule : ClaimRules.all()) {
            Verdict verdict = judge(rule, SyntheticResults.allSupported());
            assertOutcome(Outcome.SUPPORTED, verdict);
            assertFalse(verdict.numbers().isEmpty(), rule.claim() + " lists its numbers");
        }
    }

    @Test
    void rulesAreStatedWithTheirThresholds() {
        assertEquals(List.of("C1", "C2", "C3", "C4", "C5"), ClaimRules.all().stream().map(ClaimRule::claim).toList());
        assertTrue(new BenignMemorizationRule().describe().contains("at least 5 points above its step-0 value"));
        assertTrue(new BenignMemorizationRule().describe().contains("at least 50%"));
        assertTrue(new MalignMemorizationRule().describe().contains("at least 90%"));
        assertTrue(new LayerSeparationRule().describe().contains("at most 10 points"));
        assertTrue(new DiversityTradeOffRule().describe().contains("rho <= -0.8"));
        assertTrue(new CapacityRule().describe().contains("at least 10 points below"));
    }

    @Test
    void c1IsNotSupportedWhenTheAugmentedEncoderBarelyBeatsItsInitialisation() {
        Verdict verdict = judge(new BenignMemorizationRule(), new SyntheticResults()
                .run(0.99, 0.20, 0.21, 0.10, "random-none")
                .run(0.60, 0.20, 0.23, 0.15, "random-full"));
        assertOutcome(Outcome.NOT_SUPPORTED, verdict);
        assertTrue(verdict.reason().contains("+3.0 points"), verdict.reason());
    }

    @Test
    void c1IsNotSupportedWhenMemorisingWithoutAugmentationGivesFeaturesAsGood() {
        assertOutcome(Outcome.NOT_SUPPORTED, judge(new BenignMemorizationRule(), new SyntheticResults()
                .run(0.99, 0.20, 0.54, 0.10, "random-none")
                .run(0.60, 0.20, 0.55, 0.15, "random-full")));
    }

    @Test
    void c1IsInconclusiveWhenTheAugmentedRunHasNotFittedItsLabels() {
        Verdict verdict = judge(new BenignMemorizationRule(), new SyntheticResults()
                .run(0.99, 0.20, 0.21, 0.10, "random-none")
                .run(0.30, 0.20, 0.55, 0.15, "random-full"));
        assertOutcome(Outcome.INCONCLUSIVE, verdict);
        assertTrue(verdict.reason().contains("0.300"), verdict.reason());
    }

    @Test
    void c1IsInconclusiveWhenARunItNeedsFailed() {
        Verdict verdict = judge(new BenignMemorizationRule(), new SyntheticResults()
                .failed("random-none")
                .run(0.60, 0.20, 0.55, 0.15, "random-full"));
        assertOutcome(Outcome.INCONCLUSIVE, verdict);
        assertTrue(verdict.reason().contains("random-none failed"), verdict.reason());
    }

    @Test
    void aRunWhoseFinalProbeFailedIsIncompleteAndTheRulesSayInconclusive() {
        SyntheticResults results = new SyntheticResults()
                .run(0.99, 0.20, 0.21, 0.10, "random-none")
                .probedUpTo(0, 0.60, 0.20, 0.20, 0.20, "random-full");
        RunResult full = results.table().run("random-full").orElseThrow();
        assertFalse(full.finished());
        assertEquals("incomplete", full.status());
        assertEquals(RunRecord.State.FINISHED, full.state(), "the run itself did finish");
        Verdict verdict = judge(new BenignMemorizationRule(), results);
        assertOutcome(Outcome.INCONCLUSIVE, verdict);
        assertTrue(verdict.reason().contains("random-full incomplete (its last probe is of step 0, its final step is "
                + "100)"), verdict.reason());
        assertTrue(results.table().run("random-none").orElseThrow().finished(), "probed at its final step");
    }

    @Test
    void c2IsNotSupportedWhenMemorisingWithoutAugmentationImprovesTheEncoder() {
        assertOutcome(Outcome.NOT_SUPPORTED, judge(new MalignMemorizationRule(),
                new SyntheticResults().run(0.99, 0.20, 0.30, 0.10, "random-none")));
    }

    @Test
    void c2IsInconclusiveUntilTheRandomLabelsAreFitted() {
        assertOutcome(Outcome.INCONCLUSIVE, judge(new MalignMemorizationRule(),
                new SyntheticResults().run(0.50, 0.20, 0.21, 0.10, "random-none")));
        assertOutcome(Outcome.INCONCLUSIVE, judge(new MalignMemorizationRule(), new SyntheticResults()));
    }

    @Test
    void c3IsNotSupportedWhenTheLogitsKeepTheEncodersAccuracy() {
        Verdict verdict = judge(new LayerSeparationRule(), new SyntheticResults()
                .run(0.60, 0.20, 0.55, 0.53, "random-full", "noise-1")
                .run(0.99, 0.20, 0.60, 0.95, "noise-0")
                .run(0.70, 0.20, 0.57, 0.60, "noise-0.5"));
        assertOutcome(Outcome.NOT_SUPPORTED, verdict);
        assertTrue(verdict.reason().startsWith("(a) fails"), verdict.reason());
    }

    @Test
    void c3IsNotSupportedWhenTheEncoderMovesWithTheLabelNoise() {
        Verdict verdict = judge(new LayerSeparationRule(), new SyntheticResults()
                .run(0.60, 0.20, 0.40, 0.20, "random-full", "noise-1")
                .run(0.99, 0.20, 0.90, 0.95, "noise-0")
                .run(0.70, 0.20, 0.60, 0.60, "noise-0.5"));
        assertOutcome(Outcome.NOT_SUPPORTED, verdict);
        assertTrue(verdict.reason().contains("(b) fails"), verdict.reason());
    }

    @Test
    void c3IsInconclusiveWithoutTheWholeNoiseSweepOrAFittedRun() {
        assertOutcome(Outcome.INCONCLUSIVE, judge(new LayerSeparationRule(), new SyntheticResults()
                .run(0.60, 0.20, 0.55, 0.30, "random-full", "noise-1")
                .run(0.99, 0.20, 0.60, 0.95, "noise-0")
                .failed("noise-0.5")));
        assertOutcome(Outcome.INCONCLUSIVE, judge(new LayerSeparationRule(), new SyntheticResults()
                .run(0.20, 0.20, 0.55, 0.30, "random-full", "noise-1")
                .run(0.99, 0.20, 0.60, 0.95, "noise-0")
                .run(0.70, 0.20, 0.57, 0.60, "noise-0.5")));
    }

    private static SyntheticResults diversity(double[] fit, double[] knn) {
        String[] ids = {"views-1", "views-4", "views-16", "views-64", "random-full"};
        SyntheticResults results = new SyntheticResults();
        for (int i = 0; i < ids.length; i++) {
            if (!Double.isNaN(fit[i])) {
                results.run(fit[i], 0.2, knn[i], 0.1, ids[i].equals("random-full")
                        ? new String[] {"random-full", "views-fresh"} : new String[] {ids[i]});
            }
        }
        return results;
    }

    @Test
    void c4IsNotSupportedWhenMoreViewsGiveWorseFeaturesAfterFitting() {
        Verdict verdict = judge(new DiversityTradeOffRule(), diversity(new double[] {1.0, 0.9, 0.8, 0.7, 0.6},
                new double[] {0.5, 0.45, 0.4, 0.35, 0.3}));
        assertOutcome(Outcome.NOT_SUPPORTED, verdict);
        assertTrue(verdict.reason().contains("rho(n, k-NN) = -1.000"), verdict.reason());
    }

    @Test
    void c4IsNotSupportedWhenTheFitDoesNotFallWithDiversity() {
        assertOutcome(Outcome.NOT_SUPPORTED, judge(new DiversityTradeOffRule(),
                diversity(new double[] {0.3, 0.9, 0.4, 0.8, 0.6}, new double[] {0.3, 0.35, 0.4, 0.45, 0.5})));
    }

    @Test
    void c4IsInconclusiveWithFewerThanFourPointsOrAnUnfittedFreshRun() {
        Verdict few = judge(new DiversityTradeOffRule(), diversity(new double[] {1.0, Double.NaN, 0.8, Double.NaN,
                0.6}, new double[] {0.3, 0, 0.4, 0, 0.5}));
        assertOutcome(Outcome.INCONCLUSIVE, few);
        assertTrue(few.reason().startsWith("3 of the diversity sweep's runs finished"), few.reason());
        Verdict unfitted = judge(new DiversityTradeOffRule(), diversity(new double[] {1.0, 0.9, 0.6, 0.4, 0.2},
                new double[] {0.5, 0.45, 0.4, 0.35, 0.3}));
        assertOutcome(Outcome.INCONCLUSIVE, unfitted);
        assertTrue(unfitted.reason().contains("fitted only 0.200"), unfitted.reason());
    }

    /** The capacity control's runs with these fits of their random labels. */
    private static SyntheticResults capacity(double shared4, double perView4, double shared16, double perView16) {
        return new SyntheticResults()
                .run(shared4, 0.2, 0.4, 0.2, "shared-4").run(perView4, 0.2, 0.3, 0.1, "per-view-4")
                .run(shared16, 0.2, 0.4, 0.2, "shared-16").run(perView16, 0.2, 0.3, 0.1, "per-view-16");
    }

    @Test
    void c5IsNotSupportedWhenPerViewLabelsAreFittedAsWellAsSharedOnes() {
        Verdict verdict = judge(new CapacityRule(), capacity(0.90, 0.85, 0.80, 0.10)
                .run(0.40, 0.2, 0.5, 0.2, "head-64").run(0.60, 0.2, 0.5, 0.2, "head-512"));
        assertOutcome(Outcome.NOT_SUPPORTED, verdict);
        assertTrue(verdict.reason().contains("per-view-4 sits -5.0 points from shared-4"), verdict.reason());
    }

    @Test
    void c5IsNotSupportedWhenTheWiderProjectorFitsNoMore() {
        Verdict verdict = judge(new CapacityRule(), capacity(0.90, 0.20, 0.80, 0.10)
                .run(0.60, 0.2, 0.5, 0.2, "head-64").run(0.60, 0.2, 0.5, 0.2, "head-512"));
        assertOutcome(Outcome.NOT_SUPPORTED, verdict);
        assertTrue(verdict.reason().startsWith("(b) head-512 fits +0.0 points"), verdict.reason());
    }

    @Test
    void c5IsInconclusiveWhenNeitherLabellingCouldBeFittedOrARunIsMissing() {
        Verdict unfitted = judge(new CapacityRule(), capacity(0.90, 0.20, 0.20, 0.15)
                .run(0.40, 0.2, 0.5, 0.2, "head-64").run(0.60, 0.2, 0.5, 0.2, "head-512"));
        assertOutcome(Outcome.INCONCLUSIVE, unfitted);
        assertTrue(unfitted.reason().contains("shared-16 fitted only 0.200"), unfitted.reason());
        Verdict missing = judge(new CapacityRule(), capacity(0.90, 0.20, 0.80, 0.10)
                .failed("head-64").run(0.60, 0.2, 0.5, 0.2, "head-512"));
        assertOutcome(Outcome.INCONCLUSIVE, missing);
        assertTrue(missing.reason().contains("head-64 failed"), missing.reason());
    }
}
