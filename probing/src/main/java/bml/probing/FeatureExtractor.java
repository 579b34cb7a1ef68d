package bml.probing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import bml.data.ImageSet;
import bml.training.ModelInput;
import bml.training.SnapshotModel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs images through a snapshot model and turns every tapped layer into pooled, L2-normalised features.
 *
 * <p>Why: the k-NN probe compares layers of different shapes by cosine similarity. Spatial maps
 * {@code [N, C, H, W]} are global-average-pooled to {@code [N, C]} (the port's stated choice, reference/paper.md
 * §2); {@code [N, C]} outputs are used as they are; the extra layer {@code input} is the raw pixels / 255 flattened
 * (not pooled), the baseline every layer is compared with. Rows are divided by {@code max(||row||, 1e-12)}, as
 * {@code torch.nn.functional.normalize}. Images go through in batches; each batch's activations are freed before
 * the next, so the memory held is the pooled features (N x channels floats per layer, N x C*H*W for
 * {@code input}) plus one batch's activations. The same pass also gives each image's predicted class (argmax of the
 * raw logits), so the clean fit of the images costs one argmax more ({@link CleanFit}).
 */
public final class FeatureExtractor {

    /** Name of the raw-pixel pseudo-layer, always first. */
    public static final String INPUT_LAYER = "input";

    /** Images per forward pass unless told otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 256;

    private static final float EPSILON = 1e-12f;

    private FeatureExtractor() {
    }

    /** Extracts the first {@code count} images in batches of {@link #DEFAULT_BATCH_SIZE}. */
    public static LayerFeatures extract(SnapshotModel model, ImageSet images, int count) {
        return extract(model, images, count, DEFAULT_BATCH_SIZE);
    }

    /**
     * Extracts features of the first {@code count} images of {@code images}.
     *
     * @param model     the snapshot model; its outputs must match {@code model.layerNames()}
     * @param images    uint8 CHW images
     * @param count     how many leading images to use, 1..images.size()
     * @param batchSize images per forward pass, at least 1
     * @return features in a sub-manager of the model's manager; the caller closes them
     * @throws IllegalArgumentException for a bad count or batch size, or a layer output that is neither 2-D nor 4-D
     */
    public static LayerFeatures extract(SnapshotModel model, ImageSet images, int count, int batchSize) {
        if (count < 1 || count > images.size()) {
            throw new IllegalArgumentException("feature extraction of " + images.name() + ": expected a count in 1.."
                    + images.size() + ", got " + count);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("feature extraction: expected a batch size >= 1, got " + batchSize);
        }
        List<String> names = new ArrayList<>();
        names.add(INPUT_LAYER);
        names.addAll(model.layerNames());
        NDManager owner = model.manager().newSubManager();
        try {
            Map<String, List<NDArray>> parts = new LinkedHashMap<>();
            for (String name : names) {
                parts.put(name, new ArrayList<>());
            }
            int[] predictions = new int[count];
            for (int start = 0; start < count; start += batchSize) {
                int n = Math.min(batchSize, count - start);
                extractBatch(model, images, start, n, names, owner, parts, predictions);
            }
            Map<String, NDArray> layers = new LinkedHashMap<>();
            for (Map.Entry<String, List<NDArray>> entry : parts.entrySet()) {
                layers.put(entry.getKey(), join(entry.getValue(), owner));
            }
            return new LayerFeatures(owner, layers, predictions);
        } catch (RuntimeException | Error e) {
            owner.close();
            throw e;
        }
    }

    private static void extractBatch(SnapshotModel model, ImageSet images, int start, int n, List<String> names,
            NDManager owner, Map<String, List<NDArray>> parts, int[] predictions) {
        int bytes = images.imageBytes();
        try (NDManager batch = owner.newSubManager()) {
            ByteBuffer pixels = ByteBuffer.wrap(images.pixels(), start * bytes, n * bytes).slice();
            Shape shape = new Shape(n, images.channels(), images.height(), images.width());
            NDArray x = ModelInput.fromPixels(batch, pixels, shape);
            NDList outputs = model.forward(x);
            outputs.attach(batch);
            if (outputs.size() != names.size() - 1) {
                throw new IllegalStateException("model " + model.layerNames() + ": expected " + (names.size() - 1)
                        + " layer outputs, got " + outputs.size());
            }
            CleanFit.argMax(outputs.get(outputs.size() - 1), predictions, start);
            keep(parts.get(INPUT_LAYER), normalise(x.reshape(n, -1)), owner);
            for (int i = 0; i < outputs.size(); i++) {
                keep(parts.get(names.get(i + 1)), normalise(pool(names.get(i + 1), outputs.get(i))), owner);
            }
        }
    }

    private static NDArray pool(String layer, NDArray output) {
        Shape shape = output.getShape();
        if (shape.dimension() == 4) {
            // DJL's PyTorch mean takes one axis only: flatten H x W, then average that axis.
            return output.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2});
        }
        if (shape.dimension() == 2) {
            return output;
        }
        throw new IllegalArgumentException("layer " + layer + ": expected an [N, C, H, W] or [N, C] output, got shape "
                + shape);
    }

    private static NDArray normalise(NDArray rows) {
        NDArray features = rows.getDataType() == DataType.FLOAT32 ? rows : rows.toType(DataType.FLOAT32, false);
        return features.div(features.norm(new int[] {1}, true).maximum(EPSILON));
    }

    private static void keep(List<NDArray> into, NDArray features, NDManager owner) {
        features.attach(owner);
        into.add(features);
    }

    private static NDArray join(List<NDArray> batches, NDManager owner) {
        if (batches.size() == 1) {
            return batches.get(0);
        }
        NDArray joined = NDArrays.concat(new NDList(batches), 0);
        joined.attach(owner);
        for (NDArray part : batches) {
            part.close();
        }
        return joined;
    }
}
