package bml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds validated {@link BmlSettings} from reference.conf, a user file and {@code --set} overrides, and
 * applies hot-reload patches to running settings.
 *
 * <p>Why: all validation happens here, once, with every problem reported together and traced to its file and
 * line or argument, so the rest of bml can trust the records it receives.
 */
public final class SettingsLoader {

    /** The keys (relative to bml) that may change while an experiment runs, in a stable order. */
    public static final Set<String> HOT_RELOADABLE = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "training.lr",
            "training.momentum",
            "augmentation.pipeline",
            "augmentation.views-per-sample",
            "augmentation.workers",
            "augmentation.batch-views",
            "augmentation.ops.crop-scale",
            "augmentation.ops.crop-ratio",
            "augmentation.ops.padding",
            "augmentation.ops.flip-probability",
            "augmentation.ops.jitter-probability",
            "augmentation.ops.brightness",
            "augmentation.ops.contrast",
            "augmentation.ops.saturation",
            "augmentation.ops.hue",
            "augmentation.ops.grayscale-probability",
            "probe.every",
            "probe.k",
            "probe.weighting",
            "probe.temperature")));

    private SettingsLoader() {
    }

    /**
     * Loads settings: {@code overrides} (in order, later ones winning) over {@code file} over reference.conf.
     *
     * @param file      a HOCON file whose settings sit inside {@code bml { }} (any other top-level key, a
     *                  {@code pekko { }} block included, is an error)
     * @param overrides {@code key=value} strings with keys relative to bml, values parsed as HOCON
     * @throws ConfigError listing every problem: unreadable file, malformed override, unknown key, wrong
     *                     type, out-of-range value or inconsistent combination
     */
    public static BmlSettings load(Optional<Path> file, List<String> overrides) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(overrides, "overrides");
        List<ConfigError.Problem> problems = new ArrayList<>();
        Config reference = Layers.reference();
        KnownKeys known = new KnownKeys(reference.getObject("bml"));
        Config merged = Layers.stack(reference, file, overrides, known, problems);
        return validate(resolve(merged, "the settings", problems).getConfig("bml"), known, problems);
    }

    /**
     * The settings after a hot-reload patch: {@code hoconOrJson} holds keys relative to bml (for example
     * {@code training.lr = 0.0005} or {@code {"training":{"lr":0.0005}}}; a {@code bml} wrapper or prefix is
     * also accepted). Only {@link #HOT_RELOADABLE} keys may change (a frozen key given its current value is
     * accepted); the result is validated with the same rules as {@link #load}.
     *
     * @param originDescription where the patch came from, shown in errors (for example {@code PUT /settings})
     * @throws ConfigError listing every problem
     */
    public static BmlSettings applyPatch(BmlSettings current, String hoconOrJson, String originDescription) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(hoconOrJson, "hoconOrJson");
        Objects.requireNonNull(originDescription, "originDescription");
        List<ConfigError.Problem> problems = new ArrayList<>();
        Config patch = Layers.patch(hoconOrJson, originDescription, problems);
        if (patch == null) {
            throw new ConfigError(problems);
        }
        KnownKeys known = new KnownKeys(Layers.reference().getObject("bml"));
        Config before = current.config();
        Config after = resolve(patch.withFallback(before), "the patch", problems);
        checkFrozen(patch.root(), new ArrayList<>(), known, before, after, problems);
        checkViewCountOfPerViewLabels(current, patch, after, problems);
        checkIidPools(current, patch, after, problems);
        return validate(after, known, problems);
    }

    /**
     * The keys (relative to bml, sorted) whose values differ between {@code a} and {@code b}, each mapped to
     * {@code {old, new}} rendered as concise HOCON/JSON ({@code 0.001}, {@code "full"}, {@code [0.08,1]}); for audit
     * records of settings changes.
     */
    public static Map<String, String[]> diff(BmlSettings a, BmlSettings b) {
        Map<String, ConfigValue> left = leaves(a.config());
        Map<String, ConfigValue> right = leaves(b.config());
        Set<String> keys = new TreeSet<>(left.keySet());
        keys.addAll(right.keySet());
        Map<String, String[]> changes = new LinkedHashMap<>();
        for (String key : keys) {
            ConfigValue was = left.get(key);
            ConfigValue now = right.get(key);
            if (!Objects.equals(was, now)) {
                changes.put(key, new String[] {render(was), render(now)});
            }
        }
        return changes;
    }

    private static BmlSettings validate(Config bml, KnownKeys known, List<ConfigError.Problem> problems) {
        Config checked = known.check(bml, problems);
        BmlSettings settings = BmlSettings.read(new SettingsReader(checked, "", problems));
        if (!problems.isEmpty()) {
            throw new ConfigError(problems);
        }
        return settings;
    }

    private static Config resolve(Config config, String what, List<ConfigError.Problem> problems) {
        try {
            return config.resolve();
        } catch (ConfigException e) {
            problems.add(new ConfigError.Problem("", Origins.describe(e, what),
                    "substitutions ${...} that resolve", Origins.messageOf(e)));
            throw new ConfigError(problems);
        }
    }

    /** Reports every known, non-reloadable key that the patch sets to a value other than its current one. */
    private static void checkFrozen(ConfigObject patch, List<String> at, KnownKeys known, Config before,
                                    Config after, List<ConfigError.Problem> problems) {
        for (String key : new TreeSet<>(patch.keySet())) {
            List<String> segments = new ArrayList<>(at);
            segments.add(key);
            String path = ConfigUtil.joinPath(segments);
            ConfigValue reference = known.reference(path);
            ConfigValue value = patch.get(key);
            if (reference == null) {
                continue; // unknown: reported by KnownKeys
            }
            if (reference.valueType() == ConfigValueType.OBJECT) {
                if (value.valueType() == ConfigValueType.OBJECT) {
                    checkFrozen((ConfigObject) value, segments, known, before, after, problems);
                }
                continue; // a section replaced by a non-object: reported by KnownKeys
            }
            ConfigValue was = valueAt(before, segments);
            ConfigValue now = valueAt(after, segments);
            if (!HOT_RELOADABLE.contains(path) && !Objects.equals(was, now)) {
                problems.add(new ConfigError.Problem(path, Origins.describe(value.origin()),
                        "a key that can change while the experiment runs (" + hotSummary() + ")",
                        "a change from " + Origins.render(was) + " to " + Origins.render(now) + " (key " + path
                                + " cannot change while the experiment runs)"));
            }
        }
    }

    /**
     * Refuses any change of {@code augmentation.views-per-sample} while {@code labels.per-view = true}: the labels were
     * drawn once, one per (sample, view) for the current count and indexed {@code sample * n + view}, so views of
     * another count would have no label (more views) or silently other ones (after a resume).
     */
    private static void checkViewCountOfPerViewLabels(BmlSettings current, Config patch, Config after,
                                                      List<ConfigError.Problem> problems) {
        if (!current.labels().perView()) {
            return;
        }
        List<String> path = List.of("augmentation", "views-per-sample");
        ConfigValue was = valueAt(current.config(), path);
        ConfigValue now = valueAt(after, path);
        if (Objects.equals(was, now)) {
            return;
        }
        ConfigValue given = valueAt(patch, path);
        problems.add(new ConfigError.Problem("augmentation.views-per-sample",
                Origins.describe(given != null ? given.origin() : patch.origin()),
                "no change while labels.per-view = true (the run's labels were drawn per sample and view for "
                        + "augmentation.views-per-sample = " + Origins.render(was) + "; start a new run to use another "
                        + "count)",
                "a change from " + Origins.render(was) + " to " + Origins.render(now)));
    }

    /**
     * Refuses switching {@code augmentation.pipeline} to or from {@code iid}, or changing the view count while it is
     * on: i.i.d. views are training images beyond the first {@code data.train-size}, loaded at the start for the
     * run's K, and a run started without them has none to show.
     */
    private static void checkIidPools(BmlSettings current, Config patch, Config after,
                                      List<ConfigError.Problem> problems) {
        List<String> pipeline = List.of("augmentation", "pipeline");
        List<String> views = List.of("augmentation", "views-per-sample");
        boolean wasIid = current.augmentation().pipeline() == Pipeline.IID;
        ConfigValue now = valueAt(after, pipeline);
        boolean isIid = now != null && Pipeline.IID.configName().equals(now.unwrapped());
        List<String> changed = wasIid != isIid ? pipeline
                : wasIid && !Objects.equals(valueAt(current.config(), views), valueAt(after, views)) ? views : null;
        if (changed == null) {
            return;
        }
        ConfigValue given = valueAt(patch, changed);
        problems.add(new ConfigError.Problem(String.join(".", changed),
                Origins.describe(given != null ? given.origin() : patch.origin()),
                "no switch to or from pipeline = iid and no change of its view count while the experiment runs "
                        + "(its views are training images loaded at the start for the run's K; start a new run)",
                "a change from " + Origins.render(valueAt(current.config(), changed)) + " to "
                        + Origins.render(valueAt(after, changed))));
    }

    /** The value at a path, a ConfigNull for an explicit null, or null when absent. */
    private static ConfigValue valueAt(Config config, List<String> segments) {
        ConfigValue value = config.root();
        for (String segment : segments) {
            if (value == null || value.valueType() != ConfigValueType.OBJECT) {
                return null;
            }
            value = ((ConfigObject) value).get(segment);
        }
        return value;
    }

    /** HOT_RELOADABLE with the augmentation keys folded into {@code augmentation.*}. */
    private static String hotSummary() {
        return HOT_RELOADABLE.stream()
                .map(key -> key.startsWith("augmentation.") ? "augmentation.*" : key)
                .distinct()
                .collect(Collectors.joining(", "));
    }

    private static Map<String, ConfigValue> leaves(Config config) {
        Map<String, ConfigValue> leaves = new LinkedHashMap<>();
        config.entrySet().forEach(e -> leaves.put(e.getKey(), e.getValue()));
        return leaves;
    }

    private static String render(ConfigValue value) {
        return value == null ? null : value.render(ConfigRenderOptions.concise());
    }
}
