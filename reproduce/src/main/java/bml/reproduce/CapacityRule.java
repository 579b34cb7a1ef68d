package bml.reproduce;

import static bml.reproduce.ClaimRules.pct;
import static bml.reproduce.ClaimRules.pts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * C5, the capacity explanation: a label per view (n x N independent labels) exceeds what the network can memorise
 * where shared labels do not, and a wider projector memorises more.
 */
public final class CapacityRule implements ClaimRule {
    /** Per-view labels must be fitted at least this much less than shared labels at the same n. */
    public static final double MIN_FIT_GAP = 0.10;
    /** Below this fit of the shared-label run, a missing gap says nothing: neither could fit at this budget. */
    public static final double MIN_SHARED_FIT = 0.5;
    /** The widest projector must fit at least this much more than the narrowest. */
    public static final double MIN_WIDTH_GAIN = 0.02;

    @Override
    public String claim() {
        return "C5";
    }

    @Override
    public String title() {
        return "memorization is limited by capacity";
    }

    @Override
    public String describe() {
        return "Supported when (a) for every n of the capacity control, the run with a random label per view "
                + "(per-view-n) reaches a final training accuracy at least " + pts(MIN_FIT_GAP) + " points below the "
                + "run with shared labels (shared-n), and (b) the widest projector of the head-width sweep reaches a "
                + "final training accuracy at least " + pts(MIN_WIDTH_GAIN) + " points above the narrowest. A part "
                + "with a run that did not finish is inconclusive, and so is a gap that fails in (a) while shared-n "
                + "fitted less than " + pct(MIN_SHARED_FIT) + " (neither could fit at this budget). Not supported "
                + "when any decided part fails; supported only when every part holds.";
    }

    @Override
    public Verdict evaluate(ResultTable table) {
        Evidence evidence = new Evidence();
        List<String> failed = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        List<Condition> perView = table.group(Condition.Group.PER_VIEW_LABELS);
        if (perView.isEmpty()) {
            undecided.add("(a) no per-view-label condition was planned");
        }
        for (Condition condition : perView) {
            String shared = "shared-" + (long) condition.x();
            Optional<RunResult> own = table.finished(condition.id());
            Optional<RunResult> common = table.finished(shared);
            if (own.isEmpty() || common.isEmpty()) {
                undecided.add("(a) " + ClaimRules.missing(table, condition.id(), shared));
                continue;
            }
            double ownFit = evidence.add(condition.id() + " final train accuracy", own.get().finalTrainAccuracy());
            double sharedFit = evidence.add(shared + " final train accuracy", common.get().finalTrainAccuracy());
            String gap = condition.id() + " sits " + Evidence.points(ownFit - sharedFit) + " from " + shared
                    + " (needs -" + pts(MIN_FIT_GAP) + " or lower)";
            if (ownFit <= sharedFit - MIN_FIT_GAP) {
                continue;
            }
            if (!(sharedFit >= MIN_SHARED_FIT)) {
                undecided.add("(a) " + gap + " but " + shared + " fitted only " + Evidence.format(sharedFit));
            } else {
                failed.add("(a) " + gap);
            }
        }
        List<Condition> widths = new ArrayList<>(table.group(Condition.Group.HEAD_WIDTH));
        widths.sort(Comparator.comparingDouble(Condition::x));
        if (widths.size() < 2) {
            undecided.add("(b) the head-width sweep has fewer than 2 widths");
        } else {
            Condition narrow = widths.get(0);
            Condition wide = widths.get(widths.size() - 1);
            Optional<RunResult> narrowRun = table.finished(narrow.id());
            Optional<RunResult> wideRun = table.finished(wide.id());
            if (narrowRun.isEmpty() || wideRun.isEmpty()) {
                undecided.add("(b) " + ClaimRules.missing(table, narrow.id(), wide.id()));
            } else {
                double narrowFit = evidence.add(narrow.id() + " final train accuracy",
                        narrowRun.get().finalTrainAccuracy());
                double wideFit = evidence.add(wide.id() + " final train accuracy", wideRun.get().finalTrainAccuracy());
                if (!(wideFit - narrowFit >= MIN_WIDTH_GAIN)) {
                    failed.add("(b) " + wide.id() + " fits " + Evidence.points(wideFit - narrowFit) + " relative to "
                            + narrow.id() + " (needs +" + pts(MIN_WIDTH_GAIN) + " or more)");
                }
            }
        }
        if (!failed.isEmpty()) {
            return verdict(Outcome.NOT_SUPPORTED, evidence, String.join("; ", concat(failed, undecided)));
        }
        if (!undecided.isEmpty()) {
            return verdict(Outcome.INCONCLUSIVE, evidence, String.join("; ", undecided));
        }
        return verdict(Outcome.SUPPORTED, evidence, "every per-view-label run fits at least " + pts(MIN_FIT_GAP)
                + " points less than its shared-label twin, and the widest projector fits at least "
                + pts(MIN_WIDTH_GAIN) + " points more than the narrowest");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
