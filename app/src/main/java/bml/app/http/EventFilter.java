package bml.app.http;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which metric records one SSE subscriber wants: {@code ?type=probe,train} and {@code ?layer=b4,encoder}.
 *
 * <p>The layer filter applies only to records that have a {@code layer} field, so {@code ?layer=b4} still delivers
 * the train and views records. Empty sets mean "everything".
 */
public record EventFilter(Set<String> types, Set<String> layers) {

    static final EventFilter ALL = new EventFilter(Set.of(), Set.of());

    public EventFilter {
        types = Set.copyOf(types);
        layers = Set.copyOf(layers);
    }

    /** Builds the filter from the values of repeated or comma-separated query parameters. */
    public static EventFilter of(List<String> typeParams, List<String> layerParams) {
        return new EventFilter(names(typeParams), names(layerParams));
    }

    boolean needsLayer() {
        return !layers.isEmpty();
    }

    boolean accepts(String type, String layer) {
        boolean typeOk = types.isEmpty() || (type != null && types.contains(type));
        boolean layerOk = layers.isEmpty() || layer == null || layers.contains(layer);
        return typeOk && layerOk;
    }

    private static Set<String> names(List<String> params) {
        Set<String> names = new LinkedHashSet<>();
        for (String param : params) {
            for (String name : param.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }
}
