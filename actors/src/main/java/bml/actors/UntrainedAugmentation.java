package bml.actors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Augmentation changes not yet recorded in the metrics stream. A patch's augmentation keys change the views rendered
 * from then on, under a new settings version, while older views are still queued; so their {@code config} record is
 * written at the first step that trained on views of that version (or a later one).
 *
 * <p><b>Not thread-safe.</b> Owned by the {@link Guardian}.
 */
final class UntrainedAugmentation {
    private record Change(Map<String, List<String>> changes, String origin) {}

    private final TreeMap<Integer, Change> byVersion = new TreeMap<>();

    /** {@code changes} (key to {old, new}) are rendered under augmentation settings {@code settingsVersion}. */
    void add(int settingsVersion, Map<String, List<String>> changes, String origin) {
        byVersion.put(settingsVersion, new Change(Map.copyOf(changes), origin));
    }

    /** The records of every change up to {@code settingsVersion}, first trained on at {@code step}; then forgotten. */
    List<MetricsHub.ConfigChanged> trainedAt(int settingsVersion, long step) {
        return take(byVersion.headMap(settingsVersion, true), step);
    }

    /** The records of every change left, at {@code step}: views never trained on apply from after the last step. */
    List<MetricsHub.ConfigChanged> remainingAt(long step) {
        return take(byVersion, step);
    }

    private static List<MetricsHub.ConfigChanged> take(NavigableMap<Integer, Change> changes, long step) {
        List<MetricsHub.ConfigChanged> records = new ArrayList<>();
        changes.values().forEach(change -> records.add(new MetricsHub.ConfigChanged(step, change.changes(),
                change.origin())));
        changes.clear();
        return records;
    }
}
