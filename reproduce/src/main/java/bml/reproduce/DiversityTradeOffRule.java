package bml.reproduce;

import static bml.reproduce.ClaimRules.pct;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * C4, the diversity trade-off: the more distinct views per sample, the less of the random labels is fitted in a
 * fixed budget and the better the encoder's features.
 */
public final class DiversityTradeOffRule implements ClaimRule {
    /** Finished runs the sweep needs (of n = 1, 4, 16, 64 and fresh) for a rank correlation to mean anything. */
    public static final int MIN_POINTS = 4;
    /** Spearman correlation of final train accuracy with n must be at most this (falling). */
    public static final double MAX_FIT_CORRELATION = -0.8;
    /** Spearman correlation of the best encoder k-NN with n must be at least this (rising). */
    public static final double MIN_KNN_CORRELATION = 0.8;
    /** Below this fit of the fresh-view run, a failing k-NN trend is not evidence against the claim. */
    public static final double MIN_FRESH_FIT = 0.5;

    @Override
    public String claim() {
        return "C4";
    }

    @Override
    public String title() {
        return "more view diversity: less fit, better features";
    }

    @Override
    public String describe() {
        return "Over the diversity sweep (random labels, full augmentation, n views per sample and fresh views "
                + "counted as n = infinity), supported when the final training accuracy falls with n (Spearman rho "
                + "<= " + MAX_FIT_CORRELATION + ") and the best encoder k-NN rises with n (rho >= "
                + MIN_KNN_CORRELATION + "). Inconclusive when fewer than " + MIN_POINTS + " of the sweep's runs "
                + "finished, or when only the k-NN trend fails while the fresh-view run fitted less than "
                + pct(MIN_FRESH_FIT) + " of its labels (the features need the labels largely fitted first); "
                + "otherwise a failing trend means not supported.";
    }

    @Override
    public Verdict evaluate(ResultTable table) {
        Evidence evidence = new Evidence();
        List<Double> n = new ArrayList<>();
        List<Double> fit = new ArrayList<>();
        List<Double> knn = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        for (Condition point : table.group(Condition.Group.DIVERSITY)) {
            Optional<RunResult> run = table.finished(point.id());
            if (run.isEmpty()) {
                unfinished.add(point.id());
                continue;
            }
            n.add(point.x());
            fit.add(evidence.add(point.id() + " final train accuracy", run.get().finalTrainAccuracy()));
            knn.add(evidence.add(point.id() + " best encoder k-NN, end", run.get().bestEncoderFinal()));
        }
        if (n.size() < MIN_POINTS) {
            return verdict(Outcome.INCONCLUSIVE, evidence, n.size() + " of the diversity sweep's runs finished, "
                    + "fewer than " + MIN_POINTS + (unfinished.isEmpty() ? "" : "; "
                    + ClaimRules.missing(table, unfinished.toArray(String[]::new))));
        }
        double fitRho = evidence.add("Spearman rho(n, train accuracy)", Spearman.rho(array(n), array(fit)));
        double knnRho = evidence.add("Spearman rho(n, best encoder k-NN)", Spearman.rho(array(n), array(knn)));
        boolean fitFalls = fitRho <= MAX_FIT_CORRELATION;
        boolean knnRises = knnRho >= MIN_KNN_CORRELATION;
        String numbers = "rho(n, fit) = " + Evidence.format(fitRho) + " (needs <= " + MAX_FIT_CORRELATION
                + "), rho(n, k-NN) = " + Evidence.format(knnRho) + " (needs >= " + MIN_KNN_CORRELATION + ")";
        if (fitFalls && knnRises) {
            return verdict(Outcome.SUPPORTED, evidence, numbers);
        }
        double freshFit = table.finished(Conditions.views(0)).map(RunResult::finalTrainAccuracy).orElse(Double.NaN);
        if (fitFalls && !(freshFit >= MIN_FRESH_FIT)) {
            evidence.add("views-fresh final train accuracy", freshFit);
            return verdict(Outcome.INCONCLUSIVE, evidence, "the fit falls with n but the k-NN trend fails while "
                    + "the fresh-view run fitted only " + Evidence.format(freshFit) + " of its labels (below "
                    + Evidence.format(MIN_FRESH_FIT) + "): " + numbers);
        }
        return verdict(Outcome.NOT_SUPPORTED, evidence, numbers);
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
