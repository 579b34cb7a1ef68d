package bml.reproduce;

import static bml.reproduce.SyntheticResults.BENIGN;
import static bml.reproduce.SyntheticResults.CALIBRATED;
import static bml.reproduce.SyntheticResults.MALIGN;
import static bml.reproduce.SyntheticResults.SUPERVISED;
import static bml.reproduce.SyntheticResults.encoderShifted;
import static bml.reproduce.SyntheticResults.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each claim rule at its exact thresholds on both sides, and each of its outcomes, on made-up result tables shaped
 * like real ones ({@link SyntheticResults}: the reference's measured per-layer profiles, three seeds of the directly
 * compared conditions, true labels far above random ones).
 *
 * <p>Threshold tests record no bootstrap intervals, so a figure's interval is exactly its seeds' min–max and a bound
 * can be put exactly on a threshold.
 */
class ClaimRulesTest {

    private static Verdict judge(ClaimRule rule, SyntheticResults results) {
        Verdict verdict = rule.evaluate(results.table());
        assertFalse(verdict.reason().isBlank(), verdict.toString());
        return verdict;
    }

    private static void assertOutcome(Outcome expected, Verdict verdict) {
        assertEquals(expected, verdict.outcome(), verdict.reason() + "\n" + String.join("\n", verdict.numbers()));
    }

    private static void assertReason(Verdict verdict, String part) {
        assertTrue(verdict.reason().contains(part), "reason lacks '" + part + "': " + verdict.reason());
    }

    @Test
    void everyRuleIsSupportedByATableShapedLikeTheMeasurementsWhereEveryClaimHolds() {
        for (ClaimRule rule : ClaimRules.all()) {
            Verdict verdict = judge(rule, SyntheticResults.allSupported());
            assertOutcome(Outcome.SUPPORTED, verdict);
            assertFalse(verdict.numbers().isEmpty(), rule.claim() + " lists its numbers");
        }
    }

    @Test
    void rulesQuoteThePaperAndStateTheirThresholds() {
        assertEquals(List.of("C1", "C2", "C3", "C4", "C5", "C6"),
                ClaimRules.all().stream().map(ClaimRule::claim).toList());
        for (ClaimRule rule : ClaimRules.all()) {
            assertTrue(rule.quote().contains("\""), rule.claim() + " quotes the paper");
            assertTrue(rule.describe().contains("Not tested") || rule.describe().contains("not tested"),
                    rule.claim() + " says when it cannot test");
        }
        assertTrue(new BenignMemorizationRule().quote().contains("memorize entirely random labels in a benign way"));
        assertTrue(new LayerSeparationRule().quote().contains("only the very last layers are used for memorization"));
        assertTrue(new CapacityRule().quote().contains("insufficient capacity of the model"));
        assertTrue(new BenignMemorizationRule().describe().contains("at least 5 points above the best encoder layer "
                + "of the same untrained network with its BatchNorm statistics recalibrated"));
        assertTrue(new BenignMemorizationRule().describe().contains("at least 50% of its random labels (clean fit"));
        assertTrue(new MalignMemorizationRule().describe().contains("at least 10 points below random-full's"));
        assertTrue(new LayerSeparationRule().describe().contains("by more than 10 points"));
        assertTrue(new DiversityTradeOffRule().describe().contains("rho <= -0.8"));
        assertTrue(new CapacityRule().describe().contains("within 10 points of chance"));
        assertTrue(new IidControlRule().describe().contains("rho >= 0.8"));
    }

    // ---- C1 ----

    /**
     * random-full and random-none, three seeds each, no intervals: seed s of random-full gains {@code gains[s]} over
     * the recalibrated untrained network (its best encoder layer, b4, at 0.25) and leads random-none by
     * {@code leads[s]}.
     */
    private static SyntheticResults c1(double[] gains, double[] leads) {
        SyntheticResults results = new SyntheticResults();
        for (int s = 0; s < 3; s++) {
            Map<String, Double> full = encoderShifted(CALIBRATED, gains[s]);
            results.run("random-full").replicate(s).cleanFit(0.8).noIntervals().end(full).add();
            results.run("random-none").replicate(s).cleanFit(1.0).noIntervals()
                    .end(encoderShifted(CALIBRATED, gains[s] - leads[s])).add();
        }
        return results;
    }

    @Test
    void c1GainOverTheCalibratedInitialisationHoldsFromExactlyFivePointsOnEverySeed() {
        double[] leads = {0.2, 0.2, 0.2};
        assertOutcome(Outcome.SUPPORTED, judge(new BenignMemorizationRule(), c1(new double[] {0.05, 0.2, 0.3},
                leads)));
        Verdict straddles = judge(new BenignMemorizationRule(), c1(new double[] {0.049, 0.2, 0.3}, leads));
        assertOutcome(Outcome.INCONCLUSIVE, straddles);
        assertReason(straddles, "interval +4.9 to +30.0");
        assertReason(straddles, "undecided");
        assertOutcome(Outcome.INCONCLUSIVE, judge(new BenignMemorizationRule(), c1(new double[] {0.02, 0.04, 0.05},
                leads)));
        Verdict below = judge(new BenignMemorizationRule(), c1(new double[] {0.02, 0.04, 0.049}, leads));
        assertOutcome(Outcome.NOT_SUPPORTED, below);
        assertReason(below, "fails");
    }

    @Test
    void c1LeadOverNoAugmentationHoldsFromExactlyFivePointsOnEverySeed() {
        double[] gains = {0.3, 0.3, 0.3};
        assertOutcome(Outcome.SUPPORTED, judge(new BenignMemorizationRule(), c1(gains, new double[] {0.05, 0.1,
                0.2})));
        assertOutcome(Outcome.INCONCLUSIVE, judge(new BenignMemorizationRule(), c1(gains, new double[] {0.049, 0.1,
                0.2})));
        assertOutcome(Outcome.INCONCLUSIVE, judge(new BenignMemorizationRule(), c1(gains, new double[] {0.0, 0.01,
                0.05})));
        assertOutcome(Outcome.NOT_SUPPORTED, judge(new BenignMemorizationRule(), c1(gains, new double[] {0.0, 0.01,
                0.049})));
    }

    @Test
    void c1ReadsTheBootstrapIntervalsSoAClearPointDifferenceOnFewQueriesIsInconclusive() {
        SyntheticResults few = new SyntheticResults();
        for (int s = 0; s < 3; s++) {
            few.run("random-full").replicate(s).cleanFit(0.8).queries(100).end(encoderShifted(CALIBRATED, 0.08))
                    .add();
            few.run("random-none").replicate(s).cleanFit(1.0).queries(100).end(MALIGN).add();
        }
        Verdict verdict = judge(new BenignMemorizationRule(), few);
        assertOutcome(Outcome.INCONCLUSIVE, verdict);
        assertReason(verdict, "gain over the recalibrated untrained network +8.0 points");
    }

    @Test
    void c1IsInconclusiveWhileASeedOfTheAugmentedRunHasNotFittedItsLabels() {
        SyntheticResults results = SyntheticResults.allSupported();
        results.run("random-full", "noise-1").replicate(3).cleanFit(0.399)
                .end(encoderShifted(BENIGN, -0.334)).add();
        Verdict verdict = judge(new BenignMemorizationRule(), results);
        assertOutcome(Outcome.INCONCLUSIVE, verdict);
        assertReason(verdict, "random-full-s4 fitted 0.399 of its labels (clean fit), below the 0.500");
    }

    @Test
    void c1CleanFitGateIsInclusiveAtExactlyOneHalf() {
        SyntheticResults atGate = c1(new double[] {0.3, 0.3, 0.3}, new double[] {0.2, 0.2, 0.2});
        atGate.run("random-full").replicate(3).cleanFit(0.5).noIntervals().end(encoderShifted(CALIBRATED, 0.3))
                .add();
        assertOutcome(Outcome.SUPPORTED, judge(new BenignMemorizationRule(), atGate));
        SyntheticResults under = c1(new double[] {0.3, 0.3, 0.3}, new double[] {0.2, 0.2, 0.2});
        under.run("random-full").replicate(3).cleanFit(0.499).noIntervals().end(encoderShifted(CALIBRATED, 0.3))
                .add();
        assertOutcome(Outcome.INCONCLUSIVE, judge(new BenignMemorizationRule(), under));
    }

    @Test
    void c1IsNotTestedWithOneSeedOrWithoutTheFiguresItNeeds() {
        SyntheticResults oneSeed = new SyntheticResults().run("random-full").cleanFit(0.8).add()
                .run("random-none").cleanFit(1.0).end(MALIGN).add();
        Verdict single = judge(new BenignMemorizationRule(), oneSeed);
        assertOutcome(Outcome.NOT_TESTED, single);
        assertReason(single, "the sweep planned 1 seed of random-full; a verdict on it needs 3 "
                + "(bml reproduce --seeds 3)");
        SyntheticResults noBaseline = new SyntheticResults()
                .threeSeeds(run -> run.cleanFit(0.8).noCalibratedBaseline(), "random-full")
                .threeSeeds(run -> run.cleanFit(1.0).end(MALIGN), "random-none");
        Verdict calibration = judge(new BenignMemorizationRule(), noBaseline);
        assertOutcome(Outcome.NOT_TESTED, calibration);
        assertReason(calibration, "no calibrated baseline (runs random-full, random-full-s2, random-full-s3");
        SyntheticResults noFit = new SyntheticResults()
                .threeSeeds(run -> run.noCleanFit(), "random-full")
                .threeSeeds(run -> run.cleanFit(1.0).end(MALIGN), "random-none");
        assertReason(judge(new BenignMemorizationRule(), noFit), "no clean fit recorded");
        SyntheticResults unplanned = SyntheticResults.allSupported().planned(c -> !c.id().equals("random-none"));
        Verdict missing = judge(new BenignMemorizationRule(), unplanned);
        assertOutcome(Outcome.NOT_TESTED, missing);
        assertReason(missing, "random-none is not in this sweep");
    }

    @Test
    void c1IsInconclusiveWhenASeedItNeedsFailedOrStoppedBeforeItsFinalProbe() {
        SyntheticResults results = new SyntheticResults()
                .threeSeeds(run -> run.cleanFit(0.8), "random-full")
                .run("random-none").cleanFit(1.0).end(MALIGN).add()
                .run("random-none").replicate(1).failed("data.path /missing does not exist").add()
                .run("random-none").replicate(2).cleanFit(1.0).end(MALIGN).probedUpTo(0).add();
        RunResult incomplete = results.table().replicates("random-none").get(2);
        assertFalse(incomplete.finished());
        assertEquals("incomplete", incomplete.status());
        Verdict verdict = judge(new BenignMemorizationRule(), results);
        assertOutcome(Outcome.INCONCLUSIVE, verdict);
        assertReason(verdict, "random-none: 1 of 3 seeds finished, 3 needed");
        assertReason(verdict, "random-none-s2 failed (data.path /missing does not exist)");
        assertReason(verdict, "random-none-s3 incomplete (its last probe is of step 0, its final step is 100)");
    }

    // ---- C2 ----

    /** Three seeds: random-none with {@code noneFit} and best encoder layer at {@code none}, random-full's at 0.6. */
    private static SyntheticResults c2(double noneFit, double fullFit, double[] gaps) {
        SyntheticResults results = new SyntheticResults();
        for (int s = 0; s < 3; s++) {
            results.run("random-full").replicate(s).cleanFit(fullFit).noIntervals()
                    .end(encoderShifted(BENIGN, 0.6 - 0.672)).add();
            results.run("random-none").replicate(s).cleanFit(noneFit).noIntervals()
                    .end(encoderShifted(MALIGN, 0.6 - gaps[s] - 0.355)).add();
        }
        return results;
    }

    @Test
    void c2GapBelowTheAugmentedRunHoldsFromExactlyTenPointsOnEverySeed() {
        assertOutcome(Outcome.SUPPORTED, judge(new MalignMemorizationRule(), c2(1.0, 0.8,
                new double[] {0.10, 0.2, 0.3})));
        assertOutcome(Outcome.INCONCLUSIVE, judge(new MalignMemorizationRule(), c2(1.0, 0.8,
                new double[] {0.099, 0.2, 0.3})));
        assertOutcome(Outcome.INCONCLUSIVE, judge(new MalignMemorizationRule(), c2(1.0, 0.8,
                new double[] {0.0, 0.05, 0.10})));
        assertOutcome(Outcome.NOT_SUPPORTED, judge(new MalignMemorizationRule(), c2(1.0, 0.8,
                new double[] {0.0, 0.05, 0.099})));
    }

    @Test
    void c2NeedsTheNoAugmentationRunFittedToNinetyPercentAndTheAugmentedOneToHalf() {
        double[] gaps = {0.2, 0.2, 0.2};
        assertOutcome(Outcome.SUPPORTED, judge(new MalignMemorizationRule(), c2(0.9, 0.5, gaps)));
        Verdict slow = judge(new MalignMemorizationRule(), c2(0.899, 0.8, gaps));
        assertOutcome(Outcome.INCONCLUSIVE, slow);
        assertReason(slow, "random-none fitted 0.899");
        assertOutcome(Outcome.INCONCLUSIVE, judge(new MalignMemorizationRule(), c2(1.0, 0.499, gaps)));
    }

    @Test
    void c2ShowsWhereTheMalignRunEndsAgainstInitialisationWithoutJudgingIt() {
        // Fashion-MNIST-like: memorising without augmentation lost about 6 points against the untrained network.
        SyntheticResults lost = c2(1.0, 0.8, new double[] {0.41, 0.41, 0.41});
        Verdict below = judge(new MalignMemorizationRule(), lost);
        assertOutcome(Outcome.SUPPORTED, below);
        assertReason(below, "beside, not judged: its best encoder layer changed -6.0 points");
        // Synthetic-like: it gained 10 points; still only shown.
        SyntheticResults gained = new SyntheticResults();
        for (int s = 0; s < 3; s++) {
            gained.run("random-full").replicate(s).cleanFit(0.8).noIntervals().end(encoderShifted(CALIBRATED, 0.45))
                    .add();
            gained.run("random-none").replicate(s).cleanFit(1.0).noIntervals().end(encoderShifted(CALIBRATED, 0.10))
                    .add();
        }
        Verdict above = judge(new MalignMemorizationRule(), gained);
        assertOutcome(Outcome.SUPPORTED, above);
        assertReason(above, "changed +10.0 points");
    }

    @Test
    void c2IsNotTestedWithoutCleanFitOrSeeds() {
        assertOutcome(Outcome.NOT_TESTED, judge(new MalignMemorizationRule(), new SyntheticResults()
                .threeSeeds(run -> run.noCleanFit().end(MALIGN), "random-none")
                .threeSeeds(run -> run.cleanFit(0.8), "random-full")));
        assertOutcome(Outcome.NOT_TESTED, judge(new MalignMemorizationRule(), new SyntheticResults()
                .run("random-none").cleanFit(1.0).end(MALIGN).add().threeSeeds(run -> run, "random-full")));
    }

    // ---- C3 ----

    /**
     * Three seeds of noise-1 (= random-full) and noise-0.5, no intervals. noise-0.5's b3 differs from noise-1's by
     * {@code encoderMove}; its logits by {@code logitsMove}; in noise-1 the logits gain {@code logitsGain} from their
     * recalibrated value while b4, the best encoder layer, gains 0.30.
     */
    private static SyntheticResults c3(double encoderMove, double logitsMove, double logitsGain) {
        SyntheticResults results = new SyntheticResults();
        Map<String, Double> random = with(encoderShifted(CALIBRATED, 0.30), "logits", 0.16 + logitsGain);
        random = with(random, "head", 0.262 + 0.29);
        Map<String, Double> half = with(with(random, "b3", random.get("b3") + encoderMove), "logits",
                random.get("logits") + logitsMove);
        for (int s = 0; s < 3; s++) {
            results.run("random-full", "noise-1").replicate(s).cleanFit(0.8).noIntervals().end(random).add();
            results.run("noise-0.5").replicate(s).cleanFit(0.8).noIntervals().end(half).add();
        }
        return results;
    }

    @Test
    void c3EncoderLayersMayChangeByAtMostTenPointsBetweenMemorizingRegimes() {
        assertOutcome(Outcome.SUPPORTED, judge(new LayerSeparationRule(), c3(0.10, 0.40, 0.1)));
        assertOutcome(Outcome.SUPPORTED, judge(new LayerSeparationRule(), c3(-0.10, 0.40, 0.1)));
        Verdict moved = judge(new LayerSeparationRule(), c3(0.101, 0.40, 0.1));
        assertOutcome(Outcome.NOT_SUPPORTED, moved);
        assertReason(moved, "encoder layers change at most +10.1 points");
    }

    @Test
    void c3LastLayersMustChangeAtLeastTenPointsMoreThanTheEncoder() {
        assertOutcome(Outcome.SUPPORTED, judge(new LayerSeparationRule(), c3(0.05, 0.15, 0.1)));
        assertOutcome(Outcome.NOT_SUPPORTED, judge(new LayerSeparationRule(), c3(0.05, 0.149, 0.1)));
    }

    @Test
    void c3LastLayersMustGainAtLeastFivePointsLessThanTheBestEncoderLayerFromTheirOwnUntrainedValues() {
        assertOutcome(Outcome.SUPPORTED, judge(new LayerSeparationRule(), c3(0.0, 0.3, 0.25)));
        Verdict together = judge(new LayerSeparationRule(), c3(0.0, 0.3, 0.251));
        assertOutcome(Outcome.NOT_SUPPORTED, together);
        assertReason(together, "(b) in noise-1 the last layers gain +4.9 points");
    }

    @Test
    void c3IsNotSupportedWhenTheLogitsSitBelowTheEncoderOnlyAsTheyDidUntrained() {
        // Every layer gains the same 20 points: logits end below the encoder, as they started; nothing memorised.
        SyntheticResults uniform = new SyntheticResults();
        Map<String, Double> raised = new java.util.LinkedHashMap<>();
        CALIBRATED.forEach((layer, value) -> raised.put(layer, value + 0.2));
        for (int s = 0; s < 3; s++) {
            uniform.run("random-full", "noise-1").replicate(s).cleanFit(0.8).noIntervals().end(raised).add();
            uniform.run("noise-0.5").replicate(s).cleanFit(0.8).noIntervals().end(raised).add();
        }
        Verdict verdict = judge(new LayerSeparationRule(), uniform);
        assertTrue(raised.get("logits") < raised.get("b4"), "logits below the encoder at the end");
        assertOutcome(Outcome.NOT_SUPPORTED, verdict);
    }

    @Test
    void c3JudgesNoSupervisedRunNorTheDataSetsHeadroom() {
        SyntheticResults results = SyntheticResults.allSupported();
        assertEquals(SUPERVISED.get("b4"), results.table().finished("noise-0").orElseThrow().finalKnn("b4"));
        Verdict verdict = judge(new LayerSeparationRule(), results);
        assertOutcome(Outcome.SUPPORTED, verdict);
        assertTrue(verdict.numbers().stream().anyMatch(line -> line.startsWith("noise-0 (true labels; beside, not "
                + "judged)")), verdict.numbers().toString());
    }

    @Test
    void c3WaitsUntilEachRegimeHasMemorisedHalfItsRandomLabels() {
        SyntheticResults atGate = c3(0.0, 0.3, 0.1);
        atGate.run("noise-0.5").replicate(3).cleanFit(0.75).noIntervals().end(encoderShifted(CALIBRATED, 0.3)).add();
        assertOutcome(Outcome.SUPPORTED, judge(new LayerSeparationRule(), atGate));
        SyntheticResults under = c3(0.0, 0.3, 0.1);
        under.run("noise-0.5").replicate(3).cleanFit(0.749).noIntervals().end(encoderShifted(CALIBRATED, 0.3)).add();
        Verdict verdict = judge(new LayerSeparationRule(), under);
        assertOutcome(Outcome.INCONCLUSIVE, verdict);
        assertReason(verdict, "noise-0.5-s4 fitted 0.749 of its labels (clean fit), below the 0.750");
    }

    @Test
    void c3IsNotTestedWithOneMemorizingRegimeOrWithoutTheCalibratedBaseline() {
        Verdict oneRegime = judge(new LayerSeparationRule(), SyntheticResults.allSupported()
                .planned(c -> !c.id().equals("noise-0.5")));
        assertOutcome(Outcome.NOT_TESTED, oneRegime);
        assertReason(oneRegime, "needs noise-1 and at least one other memorizing regime");
        SyntheticResults noBaseline = new SyntheticResults()
                .threeSeeds(run -> run.noCalibratedBaseline(), "random-full", "noise-1")
                .threeSeeds(run -> run.cleanFit(0.8), "noise-0.5");
        Verdict verdict = judge(new LayerSeparationRule(), noBaseline);
        assertOutcome(Outcome.NOT_TESTED, verdict);
        assertReason(verdict, "no calibrated baseline");
        SyntheticResults oneSeed = new SyntheticResults().run("random-full", "noise-1").add().run("noise-0.5").add();
        assertOutcome(Outcome.NOT_TESTED, judge(new LayerSeparationRule(), oneSeed));
    }

    @Test
    void c3IsInconclusiveWhenARegimeDidNotFinish() {
        SyntheticResults results = c3(0.0, 0.3, 0.1);
        results.run("noise-0.5").replicate(3).failed("out of memory").add();
        assertOutcome(Outcome.SUPPORTED, judge(new LayerSeparationRule(), results), "three of four finished");
        SyntheticResults twoOfThree = new SyntheticResults()
                .threeSeeds(run -> run.noIntervals(), "random-full", "noise-1")
                .run("noise-0.5").noIntervals().add().run("noise-0.5").replicate(1).noIntervals().add()
                .run("noise-0.5").replicate(2).failed("out of memory").add();
        Verdict verdict = judge(new LayerSeparationRule(), twoOfThree);
        assertOutcome(Outcome.INCONCLUSIVE, verdict);
        assertReason(verdict, "noise-0.5: 2 of 3 seeds finished");
    }

    private static void assertOutcome(Outcome expected, Verdict verdict, String why) {
        assertEquals(expected, verdict.outcome(), why + ": " + verdict.reason());
    }

    // ---- C4 ----

    /**
     * The diversity sweep with these fits on the views (and, unless told otherwise, the same clean fits) and best
     * encoder k-NN at n = 1, 8, 64 and fresh (NaN: failed).
     */
    private static SyntheticResults c4(double[] fits, double[] knn, boolean intervals) {
        return c4(fits, fits, knn, intervals);
    }

    private static SyntheticResults c4(double[] fits, double[] cleanFits, double[] knn, boolean intervals) {
        String[][] ids = {{"views-1"}, {"views-8"}, {"views-64"}, {"random-full", "views-fresh"}};
        SyntheticResults results = new SyntheticResults();
        for (int i = 0; i < ids.length; i++) {
            SyntheticResults.Run run = results.run(ids[i]);
            if (Double.isNaN(fits[i])) {
                run.failed("stopped").add();
                continue;
            }
            run.trainAccuracy(fits[i]).cleanFit(cleanFits[i]).end(encoderShifted(BENIGN, knn[i] - 0.672));
            (intervals ? run : run.noIntervals()).add();
        }
        return results;
    }

    @Test
    void c4HoldsAtRhoOfExactlyMinusAndPlusPointEight() {
        double[] oneSwapFit = {0.9, 1.0, 0.7, 0.6};
        double[] oneSwapKnn = {0.4, 0.35, 0.5, 0.55};
        assertOutcome(Outcome.SUPPORTED, judge(new DiversityTradeOffRule(), c4(oneSwapFit, oneSwapKnn, false)));
        Verdict twoSwaps = judge(new DiversityTradeOffRule(), c4(new double[] {0.7, 1.0, 0.9, 0.6}, oneSwapKnn,
                false));
        assertOutcome(Outcome.NOT_SUPPORTED, twoSwaps);
        assertReason(twoSwaps, "rho(n, fit on views) = -0.400");
        assertOutcome(Outcome.NOT_SUPPORTED, judge(new DiversityTradeOffRule(), c4(oneSwapFit,
                new double[] {0.5, 0.35, 0.4, 0.55}, false)));
    }

    /**
     * As measured on shapes: with one fixed view the clean image is never seen, so the clean fit rises with n while
     * the fit on the views trained on falls; the rule reads the latter.
     */
    @Test
    void c4JudgesTheFitOnTheViewsNotTheCleanFit() {
        Verdict verdict = judge(new DiversityTradeOffRule(), c4(new double[] {1.0, 0.78, 0.55, 0.42},
                new double[] {0.172, 0.326, 0.728, 0.84}, new double[] {0.31, 0.45, 0.5, 0.53}, true));
        assertOutcome(Outcome.SUPPORTED, verdict);
        assertReason(verdict, "rho(n, fit on views) = -1.000");
    }

    /**
     * The fresh-view point is random-full with all its seeds (the plan has random-full's later seeds stand for it),
     * as the rule says: here its first seed alone would make
     * k-NN rise with n, but its other two seeds end below n = 8, the median of its three seeds is second lowest (rho 0.4) and the trend is
     * not established.
     */
    @Test
    void c4ReadsEverySeedOfTheFreshViewRun() {
        double[] fits = {1.0, 0.8, 0.6, 0.45};
        double[] knn = {0.40, 0.45, 0.50, 0.56};
        assertOutcome(Outcome.SUPPORTED, judge(new DiversityTradeOffRule(), c4(fits, knn, true)), "one seed");
        SyntheticResults results = c4(fits, knn, true);
        for (int seed = 1; seed <= 2; seed++) {
            results.run("random-full", "views-fresh").replicate(seed).trainAccuracy(0.45).cleanFit(0.8)
                    .end(encoderShifted(BENIGN, 0.41 + 0.01 * seed - 0.672)).add();
        }
        Verdict verdict = judge(new DiversityTradeOffRule(), results);
        assertOutcome(Outcome.INCONCLUSIVE, verdict, "three seeds at fresh");
        assertReason(verdict, "rho(n, k-NN) = 0.400 (interval -0.200–1.000)");
    }

    @Test
    void c4IsNotSupportedWhenMoreViewsGiveWorseFeaturesAfterFitting() {
        Verdict verdict = judge(new DiversityTradeOffRule(), c4(new double[] {1.0, 0.9, 0.8, 0.7},
                new double[] {0.55, 0.5, 0.45, 0.4}, true));
        assertOutcome(Outcome.NOT_SUPPORTED, verdict);
        assertReason(verdict, "rho(n, k-NN) = -1.000");
    }

    @Test
    void c4IsInconclusiveWhenTheQueriesCouldReorderThePoints() {
        Verdict verdict = judge(new DiversityTradeOffRule(), c4(new double[] {1.0, 0.9, 0.8, 0.7},
                new double[] {0.40, 0.41, 0.42, 0.43}, true));
        assertOutcome(Outcome.INCONCLUSIVE, verdict);
        assertReason(verdict, "rho(n, k-NN) = 1.000 (interval");
    }

    @Test
    void c4IsInconclusiveWithFewerThanFourPointsOrAnUnfittedFreshRun() {
        Verdict few = judge(new DiversityTradeOffRule(), c4(new double[] {1.0, Double.NaN, 0.8, 0.7},
                new double[] {0.3, 0, 0.4, 0.5}, false));
        assertOutcome(Outcome.INCONCLUSIVE, few);
        assertReason(few, "3 of the diversity sweep's points finished");
        Verdict unfitted = judge(new DiversityTradeOffRule(), c4(new double[] {1.0, 0.9, 0.6, 0.45},
                new double[] {1.0, 0.9, 0.6, 0.4}, new double[] {0.55, 0.5, 0.45, 0.4}, false));
        assertOutcome(Outcome.INCONCLUSIVE, unfitted);
        assertReason(unfitted, "fitted only 0.400");
    }

    @Test
    void c4IsNotTestedWithoutTrainingAccuracyOrWithTooFewPlannedPoints() {
        SyntheticResults noFit = new SyntheticResults();
        for (String id : List.of("views-1", "views-8", "views-64", "views-fresh")) {
            noFit.run(id).trainAccuracy(Double.NaN).add();
        }
        Verdict unmeasured = judge(new DiversityTradeOffRule(), noFit);
        assertOutcome(Outcome.NOT_TESTED, unmeasured);
        assertReason(unmeasured, "no training accuracy recorded");
        Verdict small = judge(new DiversityTradeOffRule(), SyntheticResults.allSupported()
                .planned(c -> !c.id().equals("views-8")));
        assertOutcome(Outcome.NOT_TESTED, small);
        assertReason(small, "the diversity sweep has 3 points, 4 needed");
    }

    // ---- C5 ----

    /** The per-view sweep (n = 8, 64, 512) with these fits, and shared-512 with {@code twin}; chance 0.1. */
    private static SyntheticResults c5(double[] perView, double twin) {
        SyntheticResults results = new SyntheticResults();
        int[] n = {8, 64, 512};
        for (int i = 0; i < n.length; i++) {
            if (!Double.isNaN(perView[i])) {
                results.run("per-view-" + n[i]).noCleanFit().trainAccuracy(perView[i]).end(MALIGN).add();
            }
        }
        if (!Double.isNaN(twin)) {
            results.run("shared-512").trainAccuracy(twin).add();
        }
        return results;
    }

    @Test
    void c5PerViewFitAtTheLargestNMustBeWithinTenPointsOfChance() {
        assertOutcome(Outcome.SUPPORTED, judge(new CapacityRule(), c5(new double[] {0.95, 0.45, 0.2}, 0.6)));
        Verdict far = judge(new CapacityRule(), c5(new double[] {0.95, 0.45, 0.201}, 0.6));
        assertOutcome(Outcome.NOT_SUPPORTED, far);
        assertReason(far, "per-view-512 fits +10.1 points from chance");
    }

    @Test
    void c5SharedLabelsMustFitAtLeastTwentyPointsMoreAtTheLargestN() {
        assertOutcome(Outcome.SUPPORTED, judge(new CapacityRule(), c5(new double[] {0.95, 0.45, 0.12}, 0.32)));
        assertOutcome(Outcome.INCONCLUSIVE, judge(new CapacityRule(), c5(new double[] {0.95, 0.45, 0.12}, 0.319)),
                "neither labelling fitted at this budget");
        assertOutcome(Outcome.NOT_SUPPORTED, judge(new CapacityRule(), c5(new double[] {0.95, 0.45, 0.30}, 0.5)));
    }

    @Test
    void c5PerViewFitMustFallWithN() {
        Verdict verdict = judge(new CapacityRule(), c5(new double[] {0.45, 0.95, 0.12}, 0.6));
        assertOutcome(Outcome.NOT_SUPPORTED, verdict);
        assertReason(verdict, "rho(n, per-view fit) = -0.500");
    }

    @Test
    void c5IsNotTestedWhileThePerViewLabelsStayWithinCapacity() {
        // The old control: N = 500, n = 4 and 16, labels fitted; the network is nowhere near its capacity.
        Verdict verdict = judge(new CapacityRule(), c5(new double[] {1.0, 0.99, 0.97}, 0.99));
        assertOutcome(Outcome.NOT_TESTED, verdict);
        assertReason(verdict, "never went past the network's capacity");
        assertTrue(verdict.numbers().contains("capacity estimate: fitted up to per-view-512 (N·n = 256000); not "
                + "fitted from none of the points"), verdict.numbers().toString());
        assertOutcome(Outcome.NOT_TESTED, judge(new CapacityRule(), c5(new double[] {0.95, 0.45, 0.12}, 0.6)
                .classes(0)));
        SyntheticResults topFailed = c5(new double[] {1.0, 0.99, 0.9}, 0.99).budget(new Budget("four", "", "shapes",
                List.of(), List.of(1, 8, 64), List.of(8, 64, 512, 4096), List.of(0.0, 0.5, 1.0), List.of(512),
                List.of(), 3));
        topFailed.run("per-view-4096").failed("out of memory").add();
        Verdict unknown = judge(new CapacityRule(), topFailed);
        assertOutcome(Outcome.INCONCLUSIVE, unknown);
        assertReason(unknown, "the others might have gone past capacity");
    }

    @Test
    void c5StatesItsCapacityEstimateAndIsInconclusiveWithoutTheLargestTwin() {
        Verdict verdict = judge(new CapacityRule(), c5(new double[] {0.95, 0.45, 0.12}, Double.NaN));
        assertOutcome(Outcome.INCONCLUSIVE, verdict);
        assertTrue(verdict.numbers().contains("capacity estimate: fitted up to per-view-8 (N·n = 4000); not fitted "
                + "from per-view-64 (N·n = 32000)"), verdict.numbers().toString());
        assertOutcome(Outcome.INCONCLUSIVE, judge(new CapacityRule(), c5(new double[] {0.95, Double.NaN, 0.12},
                0.6)));
    }

    // ---- C6 ----

    /** The i.i.d. sweep at K = 2, 4, 8 with these best encoder k-NN (untrained best: 0.25), no intervals. */
    private static SyntheticResults c6(double... knn) {
        SyntheticResults results = new SyntheticResults();
        int[] k = {2, 4, 8};
        for (int i = 0; i < k.length; i++) {
            if (!Double.isNaN(knn[i])) {
                results.run("iid-" + k[i]).noIntervals().end(encoderShifted(CALIBRATED, knn[i] - 0.25)).add();
            }
        }
        return results;
    }

    @Test
    void c6TheLargestKMustGainAtLeastFivePointsOverTheUntrainedNetwork() {
        assertOutcome(Outcome.SUPPORTED, judge(new IidControlRule(), c6(0.27, 0.29, 0.30)));
        assertOutcome(Outcome.NOT_SUPPORTED, judge(new IidControlRule(), c6(0.27, 0.28, 0.299)));
    }

    @Test
    void c6FeaturesMustRiseWithK() {
        Verdict verdict = judge(new IidControlRule(), c6(0.5, 0.45, 0.4));
        assertOutcome(Outcome.NOT_SUPPORTED, verdict);
        assertReason(verdict, "rho(K, k-NN) = -1.000");
    }

    @Test
    void c6IsNotTestedOrInconclusiveWhenTheSweepCannotSay() {
        assertOutcome(Outcome.NOT_TESTED, judge(new IidControlRule(), new SyntheticResults()
                .planned(c -> c.group() != Condition.Group.IID)));
        SyntheticResults noBaseline = new SyntheticResults();
        for (String id : List.of("iid-2", "iid-4", "iid-8")) {
            noBaseline.run(id).noCalibratedBaseline().add();
        }
        assertOutcome(Outcome.NOT_TESTED, judge(new IidControlRule(), noBaseline));
        Verdict few = judge(new IidControlRule(), c6(0.3, Double.NaN, 0.5));
        assertOutcome(Outcome.INCONCLUSIVE, few);
        assertReason(few, "2 of the i.i.d. sweep's points finished");
    }

    @Test
    void everyRuleSaysNotTestedOnASweepThatPlannedNothingItNeeds() {
        for (ClaimRule rule : ClaimRules.all()) {
            assertOutcome(Outcome.NOT_TESTED, rule.evaluate(new SyntheticResults().planned(c -> false).table()),
                    rule.claim() + " on a sweep that planned nothing");
        }
    }
}
