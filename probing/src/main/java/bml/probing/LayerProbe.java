package bml.probing;

import bml.data.ImageSet;
import bml.config.ProbeSettings;
import bml.config.Weighting;
import bml.training.SnapshotModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the k-NN accuracy of every layer of one snapshot: {@code input} first, then the model's layers.
 *
 * <p>Why: the paper's claim is that memorisation of random labels stays in the last layers while earlier layers
 * keep features that classify the TRUE labels well (reference/paper.md §2); this is that per-layer measurement.
 * The bank is the first {@code bankSize} clean training images with their true labels, the queries the first
 * {@code querySize} test images (each clipped to the set); {@link #measure} adds the clean fit ({@link CleanFit}).
 * All native memory lives in sub-managers of the model's manager and is freed before returning, so a probe can run
 * on its own thread with its own {@link SnapshotModel} while the trainer keeps going.
 */
public final class LayerProbe {

    private LayerProbe() {
    }

    /**
     * Probes every layer of {@code model}.
     *
     * @param model   snapshot model in inference mode, used only by the calling thread
     * @param bank    clean training images with their TRUE labels
     * @param queries test images with their labels
     * @param p       k, weighting, temperature, bank and query sizes and chunk size
     * @return one accuracy per layer, {@code input} first, in model layer order
     * @throws IllegalArgumentException if bank and queries disagree on image shape or class count, or a setting is
     *     out of range
     */
    public static List<LayerAccuracy> run(SnapshotModel model, ImageSet bank, ImageSet queries, ProbeSettings p) {
        return measure(model, bank, null, queries, p).layers();
    }

    /**
     * Probes every layer of {@code model} and measures its clean fit of the whole training set.
     *
     * <p>The bank is the first {@code p.bankSize()} images of {@code train} (with their true labels); the clean fit
     * covers all {@code train.size()} images against {@code trainLabels}. The bank's feature pass already gives the
     * predictions of its images, so only the training images beyond the bank take an extra forward pass.
     *
     * @param train       the clean training images with their TRUE labels
     * @param trainLabels the label each training image is trained with (the random ones in a random-label run), or
     *                    null when there is no single one per image (per-view labels): clean fit is then NaN
     * @throws IllegalArgumentException as {@link #run}, or when the training labels are not one class per image
     */
    public static ProbeMeasurement measure(SnapshotModel model, ImageSet train, int[] trainLabels, ImageSet queries,
            ProbeSettings p) {
        checkCompatible(train, queries);
        if (trainLabels != null) {
            CleanFit.checkLabels(train, trainLabels);
        }
        Weighting weighting = p.weighting();
        int bankCount = clip("probe.bank-size", p.bankSize(), train);
        int queryCount = clip("probe.query-size", p.querySize(), queries);
        int[] bankLabels = Arrays.copyOf(train.labels(), bankCount);
        int[] queryLabels = Arrays.copyOf(queries.labels(), queryCount);
        int k = Math.min(p.k(), bankCount);
        List<LayerAccuracy> result = new ArrayList<>();
        double cleanFit = Double.NaN;
        try (LayerFeatures bankFeatures = FeatureExtractor.extract(model, train, bankCount);
             LayerFeatures queryFeatures = FeatureExtractor.extract(model, queries, queryCount)) {
            for (String layer : bankFeatures.layers()) {
                KnnResult knn = KnnClassifier.classify(bankFeatures.get(layer), bankLabels,
                        queryFeatures.get(layer), queryLabels, train.numClasses(), p.k(), weighting, p.temperature(),
                        p.chunkSize());
                result.add(new LayerAccuracy(layer, knn.accuracy(), k, p.weighting(), knn.ciLow(),
                        knn.ciHigh()));
            }
            if (trainLabels != null) {
                int[] predictions = Arrays.copyOf(bankFeatures.predictions(), train.size());
                int[] rest = CleanFit.predict(model, train, bankCount, train.size(),
                        FeatureExtractor.DEFAULT_BATCH_SIZE);
                System.arraycopy(rest, 0, predictions, bankCount, rest.length);
                cleanFit = CleanFit.accuracy(predictions, trainLabels);
            }
        }
        return new ProbeMeasurement(List.copyOf(result), cleanFit);
    }

    /** The number of bank images {@code p} asks for, clipped to the training set (what {@link #measure} uses). */
    public static int bankCount(ProbeSettings p, ImageSet train) {
        return clip("probe.bank-size", p.bankSize(), train);
    }

    private static int clip(String key, int wanted, ImageSet images) {
        if (wanted < 1) {
            throw new IllegalArgumentException("bml." + key + ": expected >= 1, got " + wanted);
        }
        if (images.size() < 1) {
            throw new IllegalArgumentException("bml." + key + ": image set " + images.name() + " is empty");
        }
        return Math.min(wanted, images.size());
    }

    private static void checkCompatible(ImageSet bank, ImageSet queries) {
        if (bank.channels() != queries.channels() || bank.height() != queries.height()
                || bank.width() != queries.width()) {
            throw new IllegalArgumentException("probe: bank " + bank.describe() + " and queries "
                    + queries.describe() + " have different image shapes");
        }
        if (bank.numClasses() != queries.numClasses()) {
            throw new IllegalArgumentException("probe: bank " + bank.describe() + " and queries "
                    + queries.describe() + " have different class counts");
        }
    }
}
