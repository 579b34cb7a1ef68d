package bml.data;

import bml.config.BmlSettings;
import bml.config.LabelSettings;
import bml.config.Seeds;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The random training labels of an experiment, drawn once from the seed and fixed per sample, so every augmented
 * view of a sample is trained with the same label (paper §1.4).
 *
 * <p>Draw, all from {@code Seeds.random(seed, "labels")} where {@code seed} is the labels' seed
 * ({@code bml.seeds.labels}, the root seed unless set): first one uniform class per sample, in sample order; then, for
 * noise {@code p}, {@code floor(n * (1 - p))} samples chosen without replacement (a partial Fisher-Yates
 * shuffle) get their true label back, so {@code p = 1} is all random and {@code p = 0} all true. With per-view
 * labels (the paper's {@code --fullfixed-labels random} control, which needs a fixed number of views) an
 * independent uniform class is then drawn for every (sample, view) pair, sample-major, and label noise does not
 * apply to them.
 */
public final class RandomLabels {
    private final int[] perSample;
    private final boolean[] keptTrue;
    private final int[] perView;
    private final int viewsPerSample;

    private RandomLabels(int[] perSample, boolean[] keptTrue, int[] perView, int viewsPerSample) {
        this.perSample = perSample;
        this.keptTrue = keptTrue;
        this.perView = perView;
        this.viewsPerSample = viewsPerSample;
    }

    /**
     * Draws the labels of {@code train}.
     *
     * @param viewsPerSample the fixed number of views per sample; must be > 0 when {@code labels.perView()}
     * @param seed           the labels' own seed: {@code BmlSettings.labelsSeed()} ({@code bml.seeds.labels}, the
     *                       root seed unless set), so replicates can draw other labels on the same data and views
     * @throws IllegalArgumentException if the noise is outside [0, 1] or per-view labels lack a view count
     */
    /** The labels a run with {@code settings} trains {@code train} on (its label settings, view count and label seed). */
    public static RandomLabels forRun(ImageSet train, BmlSettings settings) {
        return draw(train, settings.labels(), settings.augmentation().viewsPerSample(), settings.labelsSeed());
    }

    public static RandomLabels draw(ImageSet train, LabelSettings labels, int viewsPerSample, long seed) {
        double noise = labels.noise();
        if (!(noise >= 0 && noise <= 1)) {
            throw new IllegalArgumentException("labels.noise: expected a value in [0, 1], got " + noise);
        }
        if (labels.perView() && viewsPerSample <= 0) {
            throw new IllegalArgumentException("labels.per-view: needs augmentation.views-per-sample > 0, got "
                    + viewsPerSample);
        }
        int n = train.size();
        int classes = train.numClasses();
        SplittableRandom rng = Seeds.random(seed, "labels");
        int[] assigned = new int[n];
        for (int i = 0; i < n; i++) {
            assigned[i] = rng.nextInt(classes);
        }
        int keep = (int) Math.floor(n * (1 - noise));
        boolean[] kept = new boolean[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < keep; i++) {
            int j = i + rng.nextInt(n - i);
            int chosen = order[j];
            order[j] = order[i];
            order[i] = chosen;
            kept[chosen] = true;
            assigned[chosen] = train.labels()[chosen];
        }
        int[] views = null;
        if (labels.perView()) {
            views = new int[Math.multiplyExact(n, viewsPerSample)];
            for (int i = 0; i < views.length; i++) {
                views[i] = rng.nextInt(classes);
            }
        }
        return new RandomLabels(assigned, kept, views, viewsPerSample);
    }

    /**
     * The training label of view {@code view} of {@code sample}; the view only matters with per-view labels.
     *
     * @throws IllegalArgumentException naming both settings when, with per-view labels, {@code view} is not one of the
     *     {@code augmentation.views-per-sample} views the labels were drawn for (the view count changed after the
     *     draw), or when {@code sample} is not a training sample
     */
    public int label(int sample, int view) {
        if (sample < 0 || sample >= perSample.length) {
            throw new IllegalArgumentException("random labels: expected a sample in [0, " + perSample.length
                    + "), got " + sample);
        }
        if (perView == null) {
            return perSample[sample];
        }
        if (view < 0 || view >= viewsPerSample) {
            throw new IllegalArgumentException(viewCountMismatch("view " + view + " of sample " + sample));
        }
        return perView[sample * viewsPerSample + view];
    }

    /**
     * Fails fast, before any view is rendered, when views are about to be made with a view count these labels were
     * not drawn for: with per-view labels the count must be the one they were drawn for; shared labels fit any.
     *
     * @throws IllegalArgumentException naming both settings
     */
    public void requireViewsPerSample(int viewsPerSample) {
        if (perView != null && viewsPerSample != this.viewsPerSample) {
            throw new IllegalArgumentException(viewCountMismatch("views made with augmentation.views-per-sample = "
                    + viewsPerSample));
        }
    }

    private String viewCountMismatch(String got) {
        return "labels.per-view = true: the labels were drawn for augmentation.views-per-sample = " + viewsPerSample
                + " (one label per sample and view 0.." + (viewsPerSample - 1) + "), got " + got
                + "; the view count cannot change while the labels are per view";
    }

    /**
     * The label all views of each sample are trained with, which clean images are measured against; empty with
     * per-view labels, where a clean image has no single training label.
     */
    public Optional<int[]> perSampleTrainingLabels() {
        return perView == null ? Optional.of(perSample()) : Optional.empty();
    }

    /** The views per sample the per-view labels were drawn for; 0 for labels shared by all views. */
    public int viewsPerSample() {
        return perView == null ? 0 : viewsPerSample;
    }

    /** A copy of the per-sample labels (with per-view labels these are drawn but not used for training). */
    public int[] perSample() {
        return Arrays.copyOf(perSample, perSample.length);
    }

    /** Whether {@code sample} was among the {@code floor(n * (1 - noise))} samples that keep their true label. */
    public boolean keptTrueLabel(int sample) {
        return keptTrue[sample];
    }

    /** Whether each (sample, view) pair has its own label. */
    public boolean perView() {
        return perView != null;
    }
}
