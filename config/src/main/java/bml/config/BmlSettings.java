package bml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * All settings of one experiment, validated and immutable ({@code bml}).
 *
 * <p>Why: components receive the section records they need, never a raw {@link Config}; a settings
 * change (hot reload) is a new instance built by {@link SettingsLoader#applyPatch}. The record's values are
 * the single source of truth: {@link #config()} and {@link #render()} are built from them.
 */
public record BmlSettings(long seed, SeedSettings seeds, DataSettings data, LabelSettings labels,
                          AugmentationSettings augmentation, ModelSettings model, TrainingSettings training,
                          ProbeSettings probe, QueueSettings queue, RunSettings run, HttpSettings http,
                          ExportSettings export) {

    private static final String ORIGIN = "bml settings";

    public BmlSettings {
        Objects.requireNonNull(seeds, "seeds");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(export, "export");
    }

    /** Settings that write nothing for other tools ({@link ExportSettings#NONE}). */
    public BmlSettings(long seed, SeedSettings seeds, DataSettings data, LabelSettings labels,
                       AugmentationSettings augmentation, ModelSettings model, TrainingSettings training,
                       ProbeSettings probe, QueueSettings queue, RunSettings run, HttpSettings http) {
        this(seed, seeds, data, labels, augmentation, model, training, probe, queue, run, http, ExportSettings.NONE);
    }

    /** Settings whose label and initial-weight seeds are the root seed ({@link SeedSettings#FROM_ROOT}). */
    public BmlSettings(long seed, DataSettings data, LabelSettings labels, AugmentationSettings augmentation,
                       ModelSettings model, TrainingSettings training, ProbeSettings probe, QueueSettings queue,
                       RunSettings run, HttpSettings http) {
        this(seed, SeedSettings.FROM_ROOT, data, labels, augmentation, model, training, probe, queue, run, http);
    }

    /** These settings for a run in directory {@code dir}. */
    public BmlSettings withRunDir(String dir) {
        return new BmlSettings(seed, seeds, data, labels, augmentation, model, training, probe, queue,
                new RunSettings(dir, run.progressSeconds()), http, export);
    }

    /** The seed the random labels are drawn from: {@code seeds.labels}, or the root seed when it is derived. */
    public long labelsSeed() {
        return seeds.labels().orElse(seed);
    }

    /** The seed of the network's initial weights: {@code seeds.init}, or the root seed when it is derived. */
    public long initSeed() {
        return seeds.init().orElse(seed);
    }

    static BmlSettings read(SettingsReader r) {
        long seed = r.wholeNumber("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        SeedSettings seeds = SeedSettings.read(r.section("seeds"));
        DataSettings data = DataSettings.read(r.section("data"));
        SettingsReader labelsReader = r.section("labels");
        LabelSettings labels = LabelSettings.read(labelsReader);
        AugmentationSettings augmentation = AugmentationSettings.read(r.section("augmentation"));
        ModelSettings model = ModelSettings.read(r.section("model"));
        TrainingSettings training = TrainingSettings.read(r.section("training"));
        ProbeSettings probe = ProbeSettings.read(r.section("probe"));
        QueueSettings queue = QueueSettings.read(r.section("queue"));
        RunSettings run = RunSettings.read(r.section("run"));
        HttpSettings http = HttpSettings.read(r.section("http"));
        ExportSettings export = ExportSettings.read(r.section("export"));
        if (labels.perView() && augmentation.viewsPerSample() == 0) {
            labelsReader.problem("per-view",
                    "false while augmentation.views-per-sample = 0 (labels drawn per view need a fixed set of"
                            + " views: set augmentation.views-per-sample > 0)",
                    "true");
        }
        if (augmentation.pipeline() == Pipeline.IID && augmentation.viewsPerSample() == 0) {
            r.section("augmentation").problem("views-per-sample",
                    "K > 0 with pipeline = iid (each sample's views are K other training images of its class)",
                    "0");
        }
        return new BmlSettings(seed, seeds, data, labels, augmentation, model, training, probe, queue, run, http,
                export);
    }

    /** The settings as a config: the {@code bml} subtree, keys relative to {@code bml}. */
    public Config config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("seeds", seeds.toMap());
        m.put("data", data.toMap());
        m.put("labels", labels.toMap());
        m.put("augmentation", augmentation.toMap());
        m.put("model", model.toMap());
        m.put("training", training.toMap());
        m.put("probe", probe.toMap());
        m.put("queue", queue.toMap());
        m.put("run", run.toMap());
        m.put("http", http.toMap());
        m.put("export", export.toMap());
        return ConfigValueFactory.fromMap(m, ORIGIN).toConfig();
    }

    /**
     * The settings as HOCON text {@code bml { ... }}, keys sorted, no comments: what a run directory keeps,
     * and a file {@link SettingsLoader#load} reads back to equal settings.
     */
    public String render() {
        ConfigRenderOptions options = ConfigRenderOptions.defaults()
                .setOriginComments(false)
                .setComments(false)
                .setJson(false)
                .setFormatted(true);
        return ConfigFactory.empty().withValue("bml", config().root()).root().render(options);
    }
}
