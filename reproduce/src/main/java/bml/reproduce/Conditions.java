package bml.reproduce;

import bml.reproduce.Condition.Group;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's conditions as a budget instantiates them, with the ids the claim rules look them up by.
 *
 * <p>Every condition states the label and augmentation keys it depends on, so the budget's base settings never
 * decide what a condition means.
 */
public final class Conditions {
    /** Random labels, no augmentation (the malign case). */
    public static final String RANDOM_NONE = "random-none";
    /** Random labels, full augmentation, fresh views (the benign case). */
    public static final String RANDOM_FULL = "random-full";
    /** True labels, full augmentation (the upper reference). */
    public static final String TRUE_FULL = "true-full";
    /** Random labels, full augmentation and the paper code's input-only mixup. */
    public static final String RANDOM_MIXUP = "random-mixup";
    /** Mixup probability per batch of the paper's code ({@code --mixup}, paper.md §1.5). */
    public static final double PAPER_MIXUP = 0.8;

    private Conditions() {}

    /** All conditions of a sweep at {@code budget}, in report order. */
    public static List<Condition> of(Budget budget) {
        List<Condition> all = new ArrayList<>();
        all.add(new Condition(RANDOM_NONE, "random labels, no augmentation", Group.BASELINES, Double.NaN,
                labelsAndViews(1.0, false, "none", 0)));
        all.add(new Condition(RANDOM_FULL, "random labels, full augmentation, fresh views", Group.BASELINES,
                Double.NaN, labelsAndViews(1.0, false, "full", 0)));
        all.add(new Condition(TRUE_FULL, "true labels, full augmentation", Group.BASELINES, Double.NaN,
                labelsAndViews(0.0, false, "full", 0)));
        List<String> mixup = new ArrayList<>(labelsAndViews(1.0, false, "full", 0));
        mixup.add("augmentation.mixup=" + PAPER_MIXUP);
        all.add(new Condition(RANDOM_MIXUP, "random labels, full augmentation, input-only mixup (p = "
                + PAPER_MIXUP + ")", Group.MIXUP, Double.NaN, mixup));
        for (int n : budget.diversityViews()) {
            all.add(new Condition(views(n), "random labels, full augmentation, " + perSample(n),
                    Group.DIVERSITY, n, labelsAndViews(1.0, false, "full", n)));
        }
        all.add(new Condition(views(0), "random labels, full augmentation, fresh views", Group.DIVERSITY,
                Double.POSITIVE_INFINITY, labelsAndViews(1.0, false, "full", 0)));
        for (int n : budget.capacityViews()) {
            all.add(new Condition("per-view-" + n, "a random label per view, " + perSample(n),
                    Group.PER_VIEW_LABELS, n, labelsAndViews(1.0, true, "full", n)));
            all.add(new Condition("shared-" + n, "one random label per sample, " + perSample(n),
                    Group.SHARED_LABELS, n, labelsAndViews(1.0, false, "full", n)));
        }
        for (double noise : budget.noiseLevels()) {
            all.add(new Condition("noise-" + format(noise), "label noise " + format(noise) + ", full augmentation",
                    Group.NOISE, noise, labelsAndViews(noise, false, "full", 0)));
        }
        for (int width : budget.headWidths()) {
            List<String> settings = new ArrayList<>(labelsAndViews(1.0, false, "full", 0));
            settings.add("model.head-width=" + width);
            all.add(new Condition("head-" + width, "random labels, full augmentation, head width " + width,
                    Group.HEAD_WIDTH, width, settings));
        }
        for (int k : budget.iidViews()) {
            all.add(new Condition("iid-" + k, "random labels, views = " + k + " other same-class training images "
                    + "per sample, untransformed", Group.IID, k, labelsAndViews(1.0, false, "iid", k)));
        }
        return List.copyOf(all);
    }

    /** The id of the diversity-sweep condition with {@code n} views per sample, 0 meaning fresh views. */
    public static String views(int n) {
        return n == 0 ? "views-fresh" : "views-" + n;
    }

    private static List<String> labelsAndViews(double noise, boolean perView, String pipeline, int views) {
        return List.of("labels.noise=" + noise, "labels.per-view=" + perView, "augmentation.pipeline=" + pipeline,
                "augmentation.views-per-sample=" + views, "augmentation.mixup=0");
    }

    private static String perSample(int n) {
        return n + (n == 1 ? " view" : " views") + " per sample";
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
