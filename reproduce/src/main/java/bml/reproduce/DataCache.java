package bml.reproduce;

import bml.data.DataSplits;
import bml.data.Datasets;
import bml.config.BmlSettings;
import bml.config.DataSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads each distinct data set of a sweep once and hands the same read-only {@link DataSplits} to every run that
 * uses it.
 *
 * <p>Why: the runs of a sweep differ in labels, augmentation and model, almost never in data; loading (or
 * generating) the images again for every run would cost time and memory for nothing. A failed load is not kept,
 * so every run that needs it reports the error.
 */
public final class DataCache {
    private record Key(DataSettings data, long seed, int iidViews) {}

    private final Map<Key, DataSplits> loaded = new ConcurrentHashMap<>();

    /** The splits for {@code data} and {@code seed} (shapes are generated from the seed). */
    public DataSplits get(DataSettings data, long seed) {
        return get(new Key(data, seed, 0));
    }

    /** The splits a run with {@code settings} needs: with pipeline iid, also the training images beyond N. */
    public DataSplits forRun(BmlSettings settings) {
        return get(new Key(settings.data(), settings.seed(), Datasets.iidViews(settings)));
    }

    private DataSplits get(Key key) {
        return loaded.computeIfAbsent(key, k -> Datasets.loadForIidViews(k.data(), k.seed(), k.iidViews()));
    }
}
