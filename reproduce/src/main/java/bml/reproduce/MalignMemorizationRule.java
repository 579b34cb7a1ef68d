package bml.reproduce;

import static bml.reproduce.ClaimRules.pct;
import static bml.reproduce.ClaimRules.pts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * C2, malign memorization: without augmentation the network fits the random labels fast and its features end far
 * below those of the augmented run; where they end against initialisation is shown beside the verdict, not judged.
 */
public final class MalignMemorizationRule implements ClaimRule {
    /**
     * Clean fit every seed of random-none must reach in the budget: the claim is about a network that memorised its
     * labels, and fast. Why 0.9: the reference's runs without augmentation reached 0.995–1.000 in a tenth to a third
     * of the augmented runs' steps.
     */
    public static final double MIN_CLEAN_FIT = 0.9;
    /**
     * How far random-none's best encoder k-NN must sit below random-full's, seed by seed. Why 10 points: "far below"
     * is the paper's contrast of malign with benign memorization; the reference's gaps were 21–29 points, and 10 is
     * less than half the smallest.
     */
    public static final double MIN_GAP_BELOW_AUGMENTED = 0.10;

    @Override
    public String claim() {
        return "C2";
    }

    @Override
    public String title() {
        return "malign memorization without augmentation";
    }

    @Override
    public String quote() {
        return "memorization \"goes hand in hand with bad generalization\" (introduction, after Zhang et al.; the "
                + "abstract's benign case is set against it)";
    }

    @Override
    public String describe() {
        return "random-none (random labels, no augmentation) fits fast: every seed reaches a clean fit of at least "
                + pct(MIN_CLEAN_FIT) + " within the budget; and its best encoder layer's final k-NN accuracy is at "
                + "least " + pts(MIN_GAP_BELOW_AUGMENTED) + " points below random-full's (paired by seed), once every "
                + "seed of random-full has fitted at least " + pct(BenignMemorizationRule.MIN_CLEAN_FIT) + " of its "
                + "labels (before that the augmented run has no features yet to be below). Where random-none ends "
                + "against its recalibrated untrained network is shown beside the verdict and not judged: it "
                + "depends on the data (the reference gained about 10 points on a synthetic set and lost about 6 on "
                + "Fashion-MNIST). " + ClaimRules.INTERVALS + " Not tested when random-none or random-full is not in "
                + "the sweep, has fewer than " + Replicates.MIN + " seeds planned, or recorded no clean fit; "
                + "inconclusive when fewer than " + Replicates.MIN + " seeds finished or a seed has not fitted.";
    }

    @Override
    public Verdict evaluate(ResultTable table) {
        Evidence evidence = new Evidence();
        String none = Conditions.RANDOM_NONE;
        String full = Conditions.RANDOM_FULL;
        Optional<String> untestable = Replicates.notTestable(table, Replicates.MIN, none, full)
                .or(() -> Replicates.lacking(table, RunResult::hasCleanFit, "no clean fit recorded", none, full));
        if (untestable.isPresent()) {
            return verdict(Outcome.NOT_TESTED, evidence, untestable.get());
        }
        Optional<String> missing = Replicates.tooFewFinished(table, Replicates.MIN, none, full);
        if (missing.isPresent()) {
            return verdict(Outcome.INCONCLUSIVE, evidence, "needs runs that did not finish: " + missing.get());
        }
        evidence.add("random-none clean fit (random labels)",
                Replicates.each(table, none, run -> Measure.point(run.cleanFit())));
        evidence.add("random-full clean fit (random labels)",
                Replicates.each(table, full, run -> Measure.point(run.cleanFit())));
        evidence.add("random-none best encoder k-NN, end", Replicates.each(table, none,
                RunResult::bestEncoderFinalMeasure));
        evidence.add("random-full best encoder k-NN, end", Replicates.each(table, full,
                RunResult::bestEncoderFinalMeasure));
        Estimate gap = evidence.add("random-full minus random-none (paired by seed)", Replicates.paired(table, full,
                none, (benign, malign) -> benign.bestEncoderFinalMeasure().minus(malign.bestEncoderFinalMeasure())));
        String beside = besideInit(table, evidence);
        List<String> unfitted = new ArrayList<>();
        for (RunResult run : table.finishedReplicates(none)) {
            if (!(run.cleanFit() >= MIN_CLEAN_FIT - Estimate.TOLERANCE)) {
                unfitted.add(ClaimRules.unfitted(run.runId(), run.cleanFit(), MIN_CLEAN_FIT));
            }
        }
        for (RunResult run : table.finishedReplicates(full)) {
            if (!(run.cleanFit() >= BenignMemorizationRule.MIN_CLEAN_FIT - Estimate.TOLERANCE)) {
                unfitted.add(ClaimRules.unfitted(run.runId(), run.cleanFit(), BenignMemorizationRule.MIN_CLEAN_FIT));
            }
        }
        if (!unfitted.isEmpty()) {
            return verdict(Outcome.INCONCLUSIVE, evidence, String.join("; ", unfitted) + beside);
        }
        if (gap.count() < Replicates.MIN) {
            return verdict(Outcome.INCONCLUSIVE, evidence, "only " + gap.count() + " seeds finished in both "
                    + none + " and " + full + ", " + Replicates.MIN + " needed" + beside);
        }
        Check below = gap.atLeast(MIN_GAP_BELOW_AUGMENTED);
        return verdict(Check.outcome(List.of(below)), evidence, "random-none fitted its labels on every seed and "
                + "sits below random-full by " + ClaimRules.interval(gap) + " (needs >= " + pts(MIN_GAP_BELOW_AUGMENTED)
                + " points: " + below.word() + ")" + beside);
    }

    /** random-none's change from its recalibrated untrained network, as a clause of the reason (not judged). */
    private static String besideInit(ResultTable table, Evidence evidence) {
        String none = Conditions.RANDOM_NONE;
        if (table.finishedReplicates(none).stream().anyMatch(run -> !run.hasCalibratedBaseline())) {
            return "; beside: its change from the untrained network is n/a (no calibrated baseline recorded)";
        }
        Estimate change = evidence.add("random-none change from its recalibrated untrained network (beside, not "
                + "judged)", Replicates.each(table, none,
                run -> run.bestEncoderFinalMeasure().minus(run.bestEncoderCalibratedMeasure())));
        return "; beside, not judged: its best encoder layer changed " + ClaimRules.interval(change)
                + " from its recalibrated untrained network";
    }
}
