package bml.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How training views are made and by how many workers ({@code bml.augmentation}).
 *
 * <p>Why: benign memorization appears only with augmentation (arXiv 2210.14019); every key the view writers use
 * may change while an experiment runs, so they take a fresh record on each settings update. {@code mixup} is applied
 * by the trainer to whole batches and is fixed for a run.
 *
 * @param pipeline       none, standard (pad crop + flip), full (the paper's set) or iid (views are other training
 *                       images of the sample's class)
 * @param viewsPerSample 0 = a fresh view every time; n > 0 = exactly n views per sample
 * @param workers        view-rendering workers, 1..64
 * @param batchViews     views a worker renders per chunk, 1..4096
 * @param ops            the op parameters
 * @param mixup          probability that a training batch is mixed (input-only mixup, applied by the trainer); 0 = off;
 *                       cannot change while an experiment runs
 */
public record AugmentationSettings(Pipeline pipeline, int viewsPerSample, int workers, int batchViews,
                                   AugmentationOps ops, double mixup) {

    public AugmentationSettings {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(ops, "ops");
    }

    /** Settings without mixup. */
    public AugmentationSettings(Pipeline pipeline, int viewsPerSample, int workers, int batchViews,
                                AugmentationOps ops) {
        this(pipeline, viewsPerSample, workers, batchViews, ops, 0.0);
    }

    static AugmentationSettings read(SettingsReader r) {
        return new AugmentationSettings(
                r.oneOf("pipeline", Pipeline.class),
                r.wholeInt("views-per-sample", 0, Integer.MAX_VALUE),
                r.wholeInt("workers", 1, 64),
                r.wholeInt("batch-views", 1, 4096),
                AugmentationOps.read(r.section("ops")),
                r.number("mixup", Interval.closed(0, 1)));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pipeline", pipeline.configName());
        m.put("views-per-sample", viewsPerSample);
        m.put("workers", workers);
        m.put("batch-views", batchViews);
        m.put("ops", ops.toMap());
        m.put("mixup", mixup);
        return m;
    }
}
