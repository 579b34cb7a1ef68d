package bml.reproduce;

import static bml.reproduce.ClaimRules.pts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * C6, the i.i.d. control of the paper's code ({@code --augm-iid}): views replaced by K other training images of the
 * sample's true class, under the sample's shared random label, give good features, the better the larger K.
 */
public final class IidControlRule implements ClaimRule {
    /** Finished K points needed for a rising trend to mean anything. */
    public static final int MIN_POINTS = 3;
    /** Spearman correlation of the best encoder k-NN with K must be at least this, on its whole interval. */
    public static final double MIN_KNN_CORRELATION = 0.8;
    /** At the largest K the best encoder k-NN must be this far above the recalibrated untrained network (as C1). */
    public static final double MIN_GAIN_OVER_CALIBRATED_INIT = BenignMemorizationRule.MIN_GAIN_OVER_CALIBRATED_INIT;

    @Override
    public String claim() {
        return "C6";
    }

    @Override
    public String title() {
        return "i.i.d. same-class images instead of augmentations";
    }

    @Override
    public String quote() {
        return "\"the network is forced to leverage the correlated nature of the augmentations\" (abstract); the "
                + "control, K real same-class images under one random label, is the paper code's --augm-iid mode";
    }

    @Override
    public String describe() {
        return "Over the i.i.d. sweep (random labels; every view of sample s is one of K other training images of s's "
                + "true class, taken from beyond the first N, untransformed, trained with s's random label; one seed "
                + "per point): the best encoder k-NN rises with K (Spearman rho >= " + MIN_KNN_CORRELATION + " on "
                + "its resampled interval, as C4) and at the largest K it is at least "
                + pts(MIN_GAIN_OVER_CALIBRATED_INIT) + " points above the run's recalibrated untrained network (on its "
                + "interval). random-full is shown beside. Not tested when fewer than " + MIN_POINTS + " K values are "
                + "planned or no calibrated baseline was recorded; inconclusive when fewer than " + MIN_POINTS
                + " finished or an interval straddles its threshold.";
    }

    @Override
    public Verdict evaluate(ResultTable table) {
        Evidence evidence = new Evidence();
        List<Condition> sweep = new ArrayList<>(table.group(Condition.Group.IID));
        sweep.sort(Comparator.comparingDouble(Condition::x));
        if (sweep.size() < MIN_POINTS) {
            return verdict(Outcome.NOT_TESTED, evidence, "the i.i.d. sweep has " + sweep.size() + " K values, "
                    + MIN_POINTS + " needed");
        }
        String[] ids = sweep.stream().map(Condition::id).toArray(String[]::new);
        Optional<String> untestable = Replicates.lacking(table, RunResult::hasCalibratedBaseline,
                "no calibrated baseline", ids);
        if (untestable.isPresent()) {
            return verdict(Outcome.NOT_TESTED, evidence, untestable.get());
        }
        List<TrendResampling.Point> knn = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        for (Condition point : sweep) {
            if (table.finishedReplicates(point.id()).isEmpty()) {
                unfinished.add(point.id());
                continue;
            }
            evidence.add(point.id() + " fit (batch accuracy on its random labels)",
                    Replicates.each(table, point.id(), run -> Measure.point(run.finalTrainAccuracy())));
            knn.add(new TrendResampling.Point(point.x(), evidence.add(point.id() + " best encoder k-NN, end",
                    Replicates.each(table, point.id(), RunResult::bestEncoderFinalMeasure)).measures()));
        }
        table.finishedReplicates(Conditions.RANDOM_FULL).stream().findFirst().ifPresent(full -> evidence.add(
                "random-full best encoder k-NN, end (beside)", Replicates.each(table, Conditions.RANDOM_FULL,
                        RunResult::bestEncoderFinalMeasure)));
        if (knn.size() < MIN_POINTS) {
            return verdict(Outcome.INCONCLUSIVE, evidence, knn.size() + " of the i.i.d. sweep's points finished, "
                    + "fewer than " + MIN_POINTS + "; " + ClaimRules.missing(table, unfinished.toArray(String[]::new)));
        }
        Condition top = sweep.get(sweep.size() - 1);
        Estimate rho = evidence.add("Spearman rho(K, best encoder k-NN)", Estimate.of(TrendResampling.rho(knn)));
        Estimate gain = evidence.add(top.id() + " gain over its recalibrated untrained network",
                Replicates.each(table, top.id(),
                        run -> run.bestEncoderFinalMeasure().minus(run.bestEncoderCalibratedMeasure())));
        if (gain.count() == 0) {
            return verdict(Outcome.INCONCLUSIVE, evidence, "the largest K needs its run: "
                    + ClaimRules.missing(table, top.id()));
        }
        Check rises = rho.atLeast(MIN_KNN_CORRELATION);
        Check good = gain.atLeast(MIN_GAIN_OVER_CALIBRATED_INIT);
        return verdict(Check.outcome(List.of(rises, good)), evidence, "rho(K, k-NN) = " + rho.describe()
                + " (needs >= " + MIN_KNN_CORRELATION + ": " + rises.word() + "); " + top.id() + " gains "
                + ClaimRules.interval(gain) + " over its untrained network (needs >= "
                + pts(MIN_GAIN_OVER_CALIBRATED_INIT) + " points: " + good.word() + ")");
    }
}
