package bml.probing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pooled, L2-normalised {@code [N, C]} FLOAT32 feature matrices of N images, one per layer, in layer order
 * ({@code input} first).
 *
 * <p>Why a closeable holder: the matrices are native memory on the model's device, kept there so the k-NN matmul
 * runs where the features were computed; they live in one sub-manager that {@link #close()} frees at once.
 * Not thread-safe; use it on the thread that extracted it.
 */
public final class LayerFeatures implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> layers;
    private final int[] predictions;

    LayerFeatures(NDManager manager, Map<String, NDArray> layers, int[] predictions) {
        this.manager = manager;
        this.layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
        this.predictions = predictions;
    }

    /** Each image's predicted class in eval mode: the argmax of its raw logits (ties to the lowest class). */
    public int[] predictions() {
        return predictions.clone();
    }

    /** Layer names in order: {@code input}, then the model's layers. */
    public List<String> layers() {
        return List.copyOf(layers.keySet());
    }

    /**
     * The {@code [N, C]} features of one layer, owned by this holder (do not close it yourself).
     *
     * @throws IllegalArgumentException if the layer is unknown, listing the known ones
     */
    public NDArray get(String layer) {
        NDArray features = layers.get(layer);
        if (features == null) {
            throw new IllegalArgumentException("layer features: expected one of " + layers.keySet() + ", got '"
                    + layer + "'");
        }
        return features;
    }

    /** Frees every feature matrix. */
    @Override
    public void close() {
        manager.close();
    }
}
