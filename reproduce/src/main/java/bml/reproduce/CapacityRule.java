package bml.reproduce;

import static bml.reproduce.ClaimRules.pct;
import static bml.reproduce.ClaimRules.pts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * C5, the capacity explanation: with a random label per view (N·n independent labels) the network cannot fit them
 * once N·n is past its capacity, while the same views sharing their sample's label stay fitted.
 *
 * <p>Why a sweep over n up to about one visit per label: at n = 4 or 16 with N = 500 a network that memorises 500
 * labels without augmentation is far from its capacity, and fitting per-view labels there is what the capacity
 * argument predicts, not evidence against it. Past capacity (and, at this budget, past the number of times each
 * label is seen) per-view fit must fall toward chance; the shared-label twin at the same n sees every view as often,
 * so a gap between them is due to the labels, not to the visits.
 */
public final class CapacityRule implements ClaimRule {
    /** Finished per-view points needed for a falling trend to mean anything. */
    public static final int MIN_POINTS = 3;
    /** Spearman correlation of the per-view fit with n must be at most this (falling; one seed per point). */
    public static final double MAX_FIT_CORRELATION = -0.8;
    /** At the largest n the per-view fit must be within this of chance (1 / classes): "falls toward 1/C". */
    public static final double NEAR_CHANCE = 0.10;
    /** At the largest n the shared-label twin must fit at least this much more than per-view labels. */
    public static final double MIN_FIT_GAP = 0.20;
    /**
     * A per-view point counts as fitted (N·n within capacity) at this fit. Why 0.5, as the other rules' fit gates;
     * the capacity estimate is the largest N·n fitted at it in the same budget: a lower bound of the capacity.
     */
    public static final double FITTED = 0.5;

    @Override
    public String claim() {
        return "C5";
    }

    @Override
    public String title() {
        return "memorization is limited by capacity";
    }

    @Override
    public String quote() {
        return "\"malign memorization under data augmentation is infeasible due to the insufficient capacity of the "
                + "model for the increased sample size\" (abstract)";
    }

    @Override
    public String describe() {
        return "Over the per-view-label sweep (random labels, full augmentation, n fixed views per sample, an "
                + "independent random label for every (sample, view): N·n labels), with each per-view-n run's twin "
                + "shared-n (the same views sharing their sample's label; one seed per point). Fit = the final "
                + "training accuracy on the run's own labels (mean batch accuracy over the last 50 steps, the "
                + "paper's measure; a clean image has no single per-view label). Capacity is estimated as the "
                + "largest N·n whose per-view labels were fitted to at least " + pct(FITTED) + " in the same budget "
                + "(a lower bound; the next N·n brackets it; the views each label got are shown). Supported when "
                + "the per-view fit falls with n (Spearman rho <= " + MAX_FIT_CORRELATION + "), at the largest n it "
                + "is within " + pts(NEAR_CHANCE) + " points of chance (1 / classes), and shared-n there fits at "
                + "least " + pts(MIN_FIT_GAP) + " points more. Not tested when fewer than " + MIN_POINTS
                + " points are planned, the class count is unknown, or every finished per-view point was fitted "
                + "(the sweep never went past capacity); inconclusive when fewer than " + MIN_POINTS + " points or "
                + "the largest n's twin did not finish, or the gap fails while the twin itself fitted less than "
                + pct(FITTED) + " (neither could fit at this budget); otherwise not supported. Fits are means over "
                + "thousands of views and are read without an interval. The head-width sweep is shown beside.";
    }

    @Override
    public Verdict evaluate(ResultTable table) {
        Evidence evidence = new Evidence();
        List<Condition> sweep = new ArrayList<>(table.group(Condition.Group.PER_VIEW_LABELS));
        sweep.sort(Comparator.comparingDouble(Condition::x));
        if (sweep.size() < MIN_POINTS) {
            return verdict(Outcome.NOT_TESTED, evidence, "the per-view-label sweep has " + sweep.size()
                    + " points, " + MIN_POINTS + " needed");
        }
        if (table.classes() <= 0) {
            return verdict(Outcome.NOT_TESTED, evidence, "the number of classes (chance = 1 / classes) is unknown");
        }
        double chance = 1.0 / table.classes();
        evidence.add("chance (1 / classes)", chance);
        List<double[]> points = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        String capacity = null;
        String beyond = null;
        for (Condition point : sweep) {
            Optional<RunResult> run = table.finished(point.id());
            if (run.isEmpty()) {
                unfinished.add(point.id());
                continue;
            }
            double fit = run.get().finalTrainAccuracy();
            long product = (long) run.get().trainImages() * (long) point.x();
            String labels = product == 0 ? "n/a" : Long.toString(product);
            double visits = run.get().viewsPerSample() / point.x();
            evidence.add(point.id() + " fit (N·n = " + labels + " labels, each seen about "
                    + String.format(Locale.ROOT, "%.1f", visits) + " times)", fit);
            points.add(new double[] {point.x(), fit});
            if (fit >= FITTED - Estimate.TOLERANCE) {
                capacity = point.id() + " (N·n = " + labels + ")";
            } else if (beyond == null) {
                beyond = point.id() + " (N·n = " + labels + ")";
            }
        }
        headWidths(table, evidence);
        if (points.size() < MIN_POINTS) {
            return verdict(Outcome.INCONCLUSIVE, evidence, points.size() + " of the per-view sweep's points "
                    + "finished, fewer than " + MIN_POINTS + "; " + ClaimRules.missing(table,
                    unfinished.toArray(String[]::new)));
        }
        evidence.note("capacity estimate: fitted up to " + (capacity == null ? "none of the points" : capacity)
                + "; not fitted from " + (beyond == null ? "none of the points" : beyond));
        if (beyond == null && !unfinished.isEmpty()) {
            return verdict(Outcome.INCONCLUSIVE, evidence, "every per-view point that finished fitted at least "
                    + pct(FITTED) + " of its labels, and the others might have gone past capacity; "
                    + ClaimRules.missing(table, unfinished.toArray(String[]::new)));
        }
        if (beyond == null) {
            return verdict(Outcome.NOT_TESTED, evidence, "every per-view point fitted at least " + pct(FITTED)
                    + " of its labels: the sweep never went past the network's capacity, where the claim says "
                    + "the fit must fail (raise the largest n)");
        }
        Condition top = sweep.get(sweep.size() - 1);
        Optional<RunResult> topRun = table.finished(top.id());
        String twinId = "shared-" + (long) top.x();
        Optional<RunResult> twin = table.finished(twinId);
        if (topRun.isEmpty() || twin.isEmpty()) {
            return verdict(Outcome.INCONCLUSIVE, evidence, "the largest n needs both its runs: "
                    + ClaimRules.missing(table, top.id(), twinId));
        }
        double rho = evidence.add("Spearman rho(n, per-view fit)", Spearman.rho(
                points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray()));
        double topFit = topRun.get().finalTrainAccuracy();
        double twinFit = evidence.add(twinId + " fit", twin.get().finalTrainAccuracy());
        Check falls = Estimate.of(Measure.point(rho)).atMost(MAX_FIT_CORRELATION);
        Check nearChance = Estimate.of(Measure.point(topFit - chance)).atMost(NEAR_CHANCE);
        Check gap = Estimate.of(Measure.point(twinFit - topFit)).atLeast(MIN_FIT_GAP);
        String numbers = "rho(n, per-view fit) = " + Evidence.format(rho) + " (needs <= " + MAX_FIT_CORRELATION
                + ": " + falls.word() + "); " + top.id() + " fits " + Evidence.points(topFit - chance)
                + " from chance (needs at most +" + pts(NEAR_CHANCE) + ": " + nearChance.word() + "); " + twinId
                + " fits " + Evidence.points(twinFit - topFit) + " more (needs +" + pts(MIN_FIT_GAP) + ": "
                + gap.word() + ")";
        if (gap == Check.FAILS && !(twinFit >= FITTED)) {
            return verdict(Outcome.INCONCLUSIVE, evidence, numbers + "; but " + twinId + " fitted only "
                    + Evidence.format(twinFit) + ": neither labelling could be fitted at this budget");
        }
        return verdict(Check.outcome(List.of(falls, nearChance, gap)), evidence, numbers);
    }

    /** The head-width sweep's fits and features, beside the verdict. */
    private static void headWidths(ResultTable table, Evidence evidence) {
        for (Condition width : table.group(Condition.Group.HEAD_WIDTH)) {
            table.finished(width.id()).ifPresent(run -> {
                evidence.add(width.id() + " fit (head width, beside)", run.finalTrainAccuracy());
                evidence.add(width.id() + " best encoder k-NN, end (beside)", run.bestEncoderFinal());
            });
        }
    }
}
