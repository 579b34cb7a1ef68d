package bml.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.ImageSet;
import bml.config.BmlSettings;
import bml.config.ProbeSettings;
import bml.config.SettingsLoader;
import bml.config.Weighting;
import bml.probing.FeatureExtractor;
import bml.probing.KnnClassifier;
import bml.probing.LayerAccuracy;
import bml.probing.LayerFeatures;
import bml.probing.LayerProbe;
import bml.training.Devices;
import bml.training.SnapshotModel;
import bml.training.TrainingSession;
import bml.training.WeightSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Prints how long a full per-layer probe and a bare k-NN search take.
 *
 * <p>Why: the probe runs beside training, so its cost decides how often {@code probe.every} can fire. Figures:
 * (1) LayerProbe on the default cnn (width 32, head 512) from a freshly initialised snapshot, 1000 bank and 1000
 * query images of the synthetic {@code shapes} set, all layers; (2) KnnClassifier alone, D=256, B=5000, Q=1000,
 * k=20, majority. Each is run once to warm up, then {@code repeats} times (first argument, default 3); the
 * minimum and median wall times are printed. Extra arguments are {@code key=value} overrides of the bml config.
 * Needs a DJL engine on the class path (the module's test class path has PyTorch).
 */
public final class KnnBenchmark {

    private KnnBenchmark() {
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> overrides = new ArrayList<>(List.of("data.source=shapes", "data.train-size=1000",
                "data.test-size=1000", "model.encoder=cnn", "model.width=32", "model.head-width=512",
                "probe.bank-size=1000", "probe.query-size=1000"));
        overrides.addAll(Arrays.asList(args).subList(Math.min(1, args.length), args.length));
        BmlSettings settings = SettingsLoader.load(Optional.empty(), overrides);
        probeBenchmark(settings, repeats);
        knnBenchmark(Devices.resolve(settings.training().device()), repeats);
    }

    private static void probeBenchmark(BmlSettings settings, int repeats) {
        DataSplits data = Datasets.load(settings.data(), settings.seed());
        ImageSet train = data.train();
        Device device = Devices.resolve(settings.training().device());
        WeightSnapshot snapshot;
        try (TrainingSession session = new TrainingSession(settings.model(), settings.training(), train.channels(),
                train.height(), train.width(), train.numClasses(), settings.seed())) {
            snapshot = session.snapshot();
        }
        try (SnapshotModel model = SnapshotModel.load(settings.model(), train.channels(), train.height(),
                train.width(), train.numClasses(), snapshot, device)) {
            List<LayerAccuracy> layers = LayerProbe.run(model, train, data.test(), settings.probe());
            double[] seconds = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                layers = LayerProbe.run(model, train, data.test(), settings.probe());
                seconds[r] = (System.nanoTime() - start) / 1e9;
            }
            System.out.printf("probe: cnn width %d head %d, %s, bank %d, queries %d, k %d %s, chunk %d, device %s,"
                            + " %d layers: %s%n", settings.model().width(), settings.model().headWidth(),
                    train.describe(), settings.probe().bankSize(), settings.probe().querySize(),
                    settings.probe().k(), settings.probe().weighting(), settings.probe().chunkSize(), device,
                    layers.size(), summary(seconds));
            System.out.printf("  of which feature extraction (bank + queries, no k-NN): %s%n",
                    summary(extractionSeconds(model, train, data.test(), settings.probe(), repeats)));
            for (LayerAccuracy layer : layers) {
                System.out.printf("  %-8s knn_acc %.3f%n", layer.layer(), layer.accuracy());
            }
        }
    }

    private static double[] extractionSeconds(SnapshotModel model, ImageSet bank, ImageSet queries, ProbeSettings p,
            int repeats) {
        double[] seconds = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            try (LayerFeatures b = FeatureExtractor.extract(model, bank, Math.min(p.bankSize(), bank.size()));
                 LayerFeatures q = FeatureExtractor.extract(model, queries, Math.min(p.querySize(), queries.size()))) {
                seconds[r] = (System.nanoTime() - start) / 1e9;
            }
        }
        return seconds;
    }

    private static void knnBenchmark(Device device, int repeats) {
        int dim = 256;
        int bankSize = 5000;
        int querySize = 1000;
        int classes = 10;
        SplittableRandom rng = new SplittableRandom(7);
        int[] bankLabels = rng.ints(bankSize, 0, classes).toArray();
        int[] queryLabels = rng.ints(querySize, 0, classes).toArray();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray bank = unitRows(manager, rng, bankSize, dim);
            NDArray queries = unitRows(manager, rng, querySize, dim);
            KnnClassifier.classify(bank, bankLabels, queries, queryLabels, classes, 20, Weighting.MAJORITY, 0.07,
                    256);
            double[] seconds = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                KnnClassifier.classify(bank, bankLabels, queries, queryLabels, classes, 20, Weighting.MAJORITY,
                        0.07, 256);
                seconds[r] = (System.nanoTime() - start) / 1e9;
            }
            System.out.printf("knn: D %d, B %d, Q %d, k 20 majority, chunk 256, device %s: %s%n", dim, bankSize,
                    querySize, device, summary(seconds));
        }
    }

    private static NDArray unitRows(NDManager manager, SplittableRandom rng, int rows, int dim) {
        float[] values = new float[rows * dim];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        NDArray matrix = manager.create(values, new Shape(rows, dim));
        return matrix.div(matrix.norm(new int[] {1}, true));
    }

    private static String summary(double[] seconds) {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        return String.format("min %.3f s, median %.3f s over %d runs", sorted[0], sorted[sorted.length / 2],
                sorted.length);
    }
}
