package bml.reproduce;

import java.util.List;

/**
 * One experimental condition of the sweep: the settings that define it (relative to {@code bml}, applied over the
 * budget's) and where it sits on its sweep axis.
 *
 * <p>Why separate from a run: several conditions can be the same configuration (the fresh-view point of the
 * diversity sweep is random-full), and deduplication must keep each condition's identity for the verdicts.
 *
 * @param x the condition's value on its group's axis: views per sample ({@link Double#POSITIVE_INFINITY} for fresh
 *          views), label noise, head width or same-class images K; {@link Double#NaN} for the baselines
 */
public record Condition(String id, String title, Group group, double x, List<String> settings) {

    /** The sweeps a condition belongs to. */
    public enum Group {
        /** Random labels without and with augmentation, true labels with augmentation (C1, C2). */
        BASELINES(true),
        /** Random labels, full augmentation and input-only mixup: a row beside the baselines, not judged. */
        MIXUP(false),
        /** Random labels, full augmentation, n views per sample or fresh views (C4). */
        DIVERSITY(false),
        /** n fixed views, each with its own random label (C5). */
        PER_VIEW_LABELS(false),
        /** n fixed views sharing their sample's random label: the twins of the per-view runs (C5). */
        SHARED_LABELS(false),
        /** Label noise with full augmentation (C3). */
        NOISE(true),
        /** Projector width with random labels and full augmentation (shown beside C5). */
        HEAD_WIDTH(false),
        /** Views replaced by K same-class training images under the sample's random label (C6). */
        IID(false);

        private final boolean replicated;

        Group(boolean replicated) {
            this.replicated = replicated;
        }

        /**
         * Whether the group's conditions run once per seed of {@code --seeds}: those a verdict compares directly.
         * The others are points of a trend, one seed each, whose interval comes from resampling.
         */
        public boolean replicated() {
            return replicated;
        }
    }

    public Condition {
        settings = List.copyOf(settings);
    }
}
