package bml.probing;

import bml.data.ImageSet;
import bml.config.ProbeSettings;
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
 * {@code querySize} test images (each clipped to the set). All native memory lives in sub-managers of the model's
 * manager and is freed before returning, so a probe can run on its own thread with its own {@link SnapshotModel}
 * while the trainer keeps going.
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
        checkCompatible(bank, queries);
        int bankCount = clip("probe.bank-size", p.bankSize(), bank);
        int queryCount = clip("probe.query-size", p.querySize(), queries);
        int[] bankLabels = Arrays.copyOf(bank.labels(), bankCount);
        int[] queryLabels = Arrays.copyOf(queries.labels(), queryCount);
        int k = Math.min(p.k(), bankCount);
        List<LayerAccuracy> result = new ArrayList<>();
        try (LayerFeatures bankFeatures = FeatureExtractor.extract(model, bank, bankCount);
             LayerFeatures queryFeatures = FeatureExtractor.extract(model, queries, queryCount)) {
            for (String layer : bankFeatures.layers()) {
                KnnResult knn = KnnClassifier.classify(bankFeatures.get(layer), bankLabels,
                        queryFeatures.get(layer), queryLabels, bank.numClasses(), p.k(), p.weighting(), p.temperature(),
                        p.chunkSize());
                result.add(new LayerAccuracy(layer, knn.accuracy(), k, p.weighting()));
            }
        }
        return List.copyOf(result);
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
