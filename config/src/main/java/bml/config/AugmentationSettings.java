package bml.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How training views are made and by how many workers ({@code bml.augmentation}).
 *
 * <p>Why: benign memorization appears only with augmentation (arXiv 2210.14019); every key here may change
 * while an experiment runs, so the view writers take a fresh record on each settings update.
 *
 * @param pipeline       none, standard (pad crop + flip) or full (the paper's set)
 * @param viewsPerSample 0 = a fresh view every time; n > 0 = exactly n views per sample
 * @param workers        view-rendering workers, 1..64
 * @param batchViews     views a worker renders per chunk, 1..4096
 * @param ops            the op parameters
 */
public record AugmentationSettings(Pipeline pipeline, int viewsPerSample, int workers, int batchViews,
                                   AugmentationOps ops) {

    public AugmentationSettings {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(ops, "ops");
    }

    static AugmentationSettings read(SettingsReader r) {
        return new AugmentationSettings(
                r.oneOf("pipeline", Pipeline.class),
                r.wholeInt("views-per-sample", 0, Integer.MAX_VALUE),
                r.wholeInt("workers", 1, 64),
                r.wholeInt("batch-views", 1, 4096),
                AugmentationOps.read(r.section("ops")));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pipeline", pipeline.configName());
        m.put("views-per-sample", viewsPerSample);
        m.put("workers", workers);
        m.put("batch-views", batchViews);
        m.put("ops", ops.toMap());
        return m;
    }
}
