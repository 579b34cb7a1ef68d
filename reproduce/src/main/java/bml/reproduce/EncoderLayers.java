package bml.reproduce;

import java.util.List;
import java.util.Map;

/**
 * Which probed layers belong to the encoder, and the best of them.
 *
 * <p>The encoder is every layer before the projector's {@code head} (and {@code logits}); {@code input}, the raw
 * pixels, is not a layer of the network and never counts.
 */
public final class EncoderLayers {
    public static final String INPUT = "input";
    public static final String HEAD = "head";
    public static final String LOGITS = "logits";

    private EncoderLayers() {}

    /** The encoder layers among {@code layers}, in network order. */
    public static List<String> of(List<String> layers) {
        int end = layers.size();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).equals(HEAD) || layers.get(i).equals(LOGITS)) {
                end = i;
                break;
            }
        }
        return layers.subList(0, end).stream().filter(layer -> !layer.equals(INPUT)).toList();
    }

    /** The layers after the encoder among {@code layers}: the projector's {@code head} and {@code logits}. */
    public static List<String> last(List<String> layers) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).equals(HEAD) || layers.get(i).equals(LOGITS)) {
                return List.copyOf(layers.subList(i, layers.size()));
            }
        }
        return List.of();
    }

    /** The encoder layer with the highest accuracy in {@code knn}, or null when none was probed. */
    public static String bestLayer(List<String> layers, Map<String, Double> knn) {
        String best = null;
        for (String layer : of(layers)) {
            Double accuracy = knn.get(layer);
            if (accuracy != null && !accuracy.isNaN() && (best == null || accuracy > knn.get(best))) {
                best = layer;
            }
        }
        return best;
    }

    /** The highest encoder-layer accuracy in {@code knn}, NaN when none was probed. */
    public static double best(List<String> layers, Map<String, Double> knn) {
        String layer = bestLayer(layers, knn);
        return layer == null ? Double.NaN : knn.get(layer);
    }
}
