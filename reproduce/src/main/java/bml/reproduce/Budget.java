package bml.reproduce;

import java.util.List;
import java.util.Locale;

/**
 * How large every run of a reproduction sweep is (data, model, steps, probe cadence), the values of the sweep axes
 * and how many seeds the directly compared conditions get by default; the settings are {@code key=value} overrides
 * relative to {@code bml}, applied before the condition's own.
 *
 * <p>Why data in code, not a config file: a budget is part of what a report's verdicts mean, so it is reviewed
 * with the code and named in every report.
 *
 * @param diversityViews views per sample n of the diversity sweep (the fresh-view run is added to them)
 * @param capacityViews  the n of the per-view-label sweep, each with its shared-label twin; the largest should give
 *                       each (sample, view) label about one visit in the budget (steps x batch / N)
 * @param noiseLevels    label noise of the noise sweep
 * @param headWidths     projector widths shown beside the capacity claim
 * @param iidViews       K of the i.i.d. sweep (same-class images per sample instead of augmented views)
 * @param defaultSeeds   replicates of the directly compared conditions when {@code --seeds} is not given
 */
public record Budget(String name, String description, String defaultData, List<String> settings,
                     List<Integer> diversityViews, List<Integer> capacityViews, List<Double> noiseLevels,
                     List<Integer> headWidths, List<Integer> iidViews, int defaultSeeds) {

    private static final List<Integer> VIEWS = List.of(1, 8, 64);
    private static final List<Double> NOISE = List.of(0.0, 0.5, 1.0);
    private static final List<Integer> IID = List.of(2, 4, 8);

    /**
     * Smoke-sized, one seed: 500 training images, a width-16 CNN with a 512-wide head, 800 steps of batch 128 (205
     * views per sample), k-NN on 500 bank / 500 query images every 200 steps. Checks the machinery and the trends;
     * with one seed the directly compared claims (C1–C3) are not tested. The per-view sweep's largest n, 256, gives
     * each of its 128,000 labels about 0.8 visits. No head-width sweep beyond the 512 of random-full.
     *
     * <p>Time, measured on shapes on this project's 2-core machine in one sitting: 30.6 min in one process (15 runs of
     * 109–135 s), 19.2 min with {@code --workers 2} (runs of 127–170 s, two at a time); README, "Measured".
     *
     * <p>One training thread ({@code training.threads=1}): the augmentation worker needs the other core, and with
     * two PyTorch threads on a 2-core machine shared with another busy process the trainer ran at about 135
     * samples/s against about 1,000 with one thread (measured on this project's machine, width 16, batch 128).
     */
    public static final Budget QUICK = new Budget("quick",
            "smoke-sized: 500 train / 500 test images, cnn width 16, head 512, 800 steps of batch 128 on one "
                    + "training thread, probe every 200 steps on 500 bank / 500 query images",
            "shapes",
            List.of("data.train-size=500", "data.test-size=500", "model.encoder=cnn", "model.width=16",
                    "model.head-width=512", "training.steps=800", "training.batch-size=128",
                    "training.checkpoint-every=0", "training.threads=1", "probe.every=200", "probe.bank-size=500",
                    "probe.query-size=500", "run.progress-seconds=15"),
            VIEWS, List.of(8, 64, 256), NOISE, List.of(512), IID, 1);

    /**
     * The budget a report's verdicts are meant to come from: 400 training images, a width-16 CNN with a 512-wide
     * head, 2,000 steps of batch 128 (640 views per sample), probed every 500 steps on the 400-image training set
     * against 1,000 test images, three seeds of every directly compared condition.
     *
     * <p>Why 400 images and 2,000 steps: the first 3-seed run of this plan used 500 images and 2,500 steps (also 640
     * views per sample) and took 360–490 s per run with two worker JVMs on this project's 2-core machine, about 72–98
     * min for its 24 runs: over the 75-minute target. Fewer steps alone would have cost fit (noise-0.5 had a clean fit
     * of 0.70 at step 2,000 against the 0.75 its rule needs); fewer images with the same views per sample keep each
     * label's visits, with fewer labels to memorize. The price: a 400-image k-NN bank, so every k-NN figure is a
     * little lower than with 500. The per-view sweep's largest n, 512, gives each of its 204,800 labels about 1.25
     * visits.
     */
    public static final Budget STANDARD = new Budget("standard",
            "400 train / 1000 test images, cnn width 16, head 512, 2000 steps of batch 128 on one training thread, "
                    + "probe every 500 steps on 400 bank / 1000 query images",
            "shapes",
            List.of("data.train-size=400", "data.test-size=1000", "model.encoder=cnn", "model.width=16",
                    "model.head-width=512", "training.steps=2000", "training.batch-size=128",
                    "training.checkpoint-every=0", "training.threads=1", "probe.every=500", "probe.bank-size=400",
                    "probe.query-size=1000", "run.progress-seconds=30"),
            VIEWS, List.of(8, 64, 512), NOISE, List.of(64, 512), IID, 3);

    /**
     * The paper's own run (paper.md §1.3): all of CIFAR-10, ResNet-18 with the CIFAR stem (width 64), projector
     * width 65,536, batch 256, Adam 3e-4, MSE, 10,000 epochs (1.95M steps, 10,000 views per sample), k-NN every 50
     * epochs on the whole training set and test set, on a GPU. Days per run on one GPU; documented here, never run
     * in tests or CI. No i.i.d. sweep: it needs training images beyond the N trained on, and N is all of CIFAR-10.
     */
    public static final Budget PAPER = new Budget("paper",
            "the paper's run: all of CIFAR-10, resnet18 (CIFAR stem) width 64, head 65536, 1950000 steps of "
                    + "batch 256, Adam 3e-4, MSE, probe every 9750 steps (50 epochs) on 50000 bank / 10000 query "
                    + "images, GPU",
            "cifar10",
            List.of("data.train-size=0", "data.test-size=0", "model.encoder=resnet18", "model.width=64",
                    "model.head-width=65536", "training.steps=1950000", "training.batch-size=256",
                    "training.optimizer=adam", "training.lr=3e-4", "training.loss=mse",
                    "training.checkpoint-every=19500", "training.device=gpu", "probe.every=9750", "probe.k=20",
                    "probe.weighting=majority", "probe.bank-size=50000", "probe.query-size=10000",
                    "augmentation.workers=8", "run.progress-seconds=60"),
            List.of(1, 4, 16, 64), List.of(16, 256, 8192), NOISE, List.of(512, 8192, 65536), IID, 3);

    public Budget {
        settings = List.copyOf(settings);
        diversityViews = List.copyOf(diversityViews);
        capacityViews = List.copyOf(capacityViews);
        noiseLevels = List.copyOf(noiseLevels);
        headWidths = List.copyOf(headWidths);
        iidViews = List.copyOf(iidViews);
        if (defaultSeeds < 1) {
            throw new IllegalArgumentException("budget " + name + ": expected >= 1 default seeds, got "
                    + defaultSeeds);
        }
    }

    /** A budget without an i.i.d. sweep whose directly compared conditions run one seed unless told otherwise. */
    public Budget(String name, String description, String defaultData, List<String> settings,
                  List<Integer> diversityViews, List<Integer> capacityViews, List<Double> noiseLevels,
                  List<Integer> headWidths) {
        this(name, description, defaultData, settings, diversityViews, capacityViews, noiseLevels, headWidths,
                List.of(), 1);
    }

    public static List<Budget> all() {
        return List.of(QUICK, STANDARD, PAPER);
    }

    /** The budget called {@code name} (case-insensitive). */
    public static Budget named(String name) {
        for (Budget budget : all()) {
            if (budget.name().equals(name.toLowerCase(Locale.ROOT))) {
                return budget;
            }
        }
        throw new IllegalArgumentException("--budget: expected one of quick, standard, paper, got '" + name + "'");
    }
}
