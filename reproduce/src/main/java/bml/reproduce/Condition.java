package bml.reproduce;

import java.util.List;

/**
 * One experimental condition of the sweep: the settings that define it (relative to {@code bml}, applied over the
 * budget's) and where it sits on its sweep axis.
 *
 * <p>Why separate from a run: several conditions can be the same configuration (the fresh-view point of the
 * diversity sweep is condition 2), and deduplication must keep each condition's identity for the verdicts.
 *
 * @param x the condition's value on its group's axis: views per sample ({@link Double#POSITIVE_INFINITY} for fresh
 *          views), label noise or head width; {@link Double#NaN} for the baselines
 */
public record Condition(String id, String title, Group group, double x, List<String> settings) {

    /** The sweeps a condition belongs to. */
    public enum Group {
        /** Conditions 1–3: random labels without and with augmentation, true labels with augmentation. */
        BASELINES,
        /** Condition 4: random labels, full augmentation, n views per sample or fresh views. */
        DIVERSITY,
        /** Condition 5: n fixed views, each with its own random label. */
        PER_VIEW_LABELS,
        /** Condition 5: n fixed views sharing their sample's random label. */
        SHARED_LABELS,
        /** Condition 6: label noise with full augmentation. */
        NOISE,
        /** Condition 7: projector width with random labels and full augmentation. */
        HEAD_WIDTH
    }

    public Condition {
        settings = List.copyOf(settings);
    }
}
