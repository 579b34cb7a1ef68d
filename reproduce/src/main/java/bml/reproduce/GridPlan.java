package bml.reproduce;

import bml.config.BmlSettings;
import bml.config.ConfigError;
import bml.config.SettingsLoader;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of a grid sweep ({@code bml sweep}): every combination of the values given for some config keys, each
 * over the same base settings, resolved, validated and deduplicated up front like a {@link SweepPlan}.
 *
 * @param axes the swept keys (relative to {@code bml}) and their values, in the order given
 * @param runs one per distinct combination, ids {@code g01}, {@code g02}, ... in grid order (the last axis varies
 *             fastest)
 */
public record GridPlan(Path outDir, BmlSettings base, List<Axis> axes, List<PlannedRun> runs) {
    /** More runs than this is almost certainly a mistake in the grid. */
    public static final int MAX_RUNS = 1000;

    /** One swept key and its values, each as HOCON text ({@code 0.001}, {@code "full"}). */
    public record Axis(String key, List<String> values) {
        public Axis {
            values = List.copyOf(values);
        }
    }

    public GridPlan {
        axes = List.copyOf(axes);
        runs = List.copyOf(runs);
    }

    /**
     * Plans every combination of {@code axes} over the user's settings.
     *
     * @throws ConfigError when the base settings or a combination are invalid (the combination is named)
     * @throws IllegalArgumentException when there is no axis or more than {@link #MAX_RUNS} combinations
     */
    public static GridPlan create(Path outDir, Optional<Path> userConfig, List<String> userOverrides,
                                  List<Axis> axes) {
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("a grid needs at least one --grid key=[values] or a sweep file");
        }
        long combinations = 1;
        for (Axis axis : axes) {
            combinations *= axis.values().size();
            if (combinations > MAX_RUNS) {
                throw new IllegalArgumentException("the grid has more than " + MAX_RUNS + " combinations");
            }
        }
        BmlSettings base = load("the sweep's base settings", userConfig, userOverrides, List.of());
        Map<BmlSettings, List<Condition>> distinct = new LinkedHashMap<>();
        List<List<String>> points = combinations(axes);
        int width = Math.max(2, Integer.toString(points.size()).length());
        for (int i = 0; i < points.size(); i++) {
            List<String> point = points.get(i);
            String id = "g" + String.format(Locale.ROOT, "%0" + width + "d", i + 1);
            BmlSettings settings = load("grid point " + id + " (" + String.join(", ", point) + ")", userConfig,
                    userOverrides, point);
            distinct.computeIfAbsent(settings, s -> new ArrayList<>())
                    .add(new Condition(id, String.join(", ", point), Condition.Group.BASELINES, Double.NaN, point));
        }
        List<PlannedRun> runs = new ArrayList<>();
        distinct.forEach((settings, conditions) -> {
            String id = conditions.get(0).id();
            Map<String, String> varying = new LinkedHashMap<>();
            for (String setting : conditions.get(0).settings()) {
                int eq = setting.indexOf('=');
                varying.put(setting.substring(0, eq), setting.substring(eq + 1));
            }
            runs.add(new PlannedRun(id, inDirectory(settings, SweepPlan.runDirectory(outDir, id)), conditions,
                    varying));
        });
        return new GridPlan(outDir, base, axes, runs);
    }

    /** Parses {@code --grid key=[v1, v2, ...]} (a single value without brackets is a one-value axis). */
    public static Axis parseAxis(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--grid: expected key=[value, ...], got '" + text + "'");
        }
        String key = text.substring(0, eq).trim();
        String values = text.substring(eq + 1).trim();
        Config parsed;
        try {
            parsed = ConfigFactory.parseString("v = " + (values.startsWith("[") ? values : "[" + values + "]"),
                    ConfigParseOptions.defaults().setOriginDescription("--grid " + text));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--grid " + text + ": the values are not a HOCON list: "
                    + e.getMessage(), e);
        }
        return axis(key, parsed.getValue("v"), "--grid " + text);
    }

    /**
     * Reads a HOCON sweep file: a {@code grid} object whose leaves are lists, e.g.
     * {@code grid { training.lr = [1e-3, 3e-4], seed = [1, 2, 3] }}.
     */
    public static List<Axis> readFile(Path file) {
        Config config;
        try {
            config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("sweep file " + file + ": " + e.getMessage(), e);
        }
        if (!config.hasPath("grid") || config.getValue("grid").valueType() != ConfigValueType.OBJECT) {
            throw new IllegalArgumentException("sweep file " + file + ": expected a grid { key = [values] } block");
        }
        List<Map.Entry<String, ConfigValue>> leaves = new ArrayList<>();
        leaves(config.getObject("grid"), new ArrayList<>(), leaves);
        // A config object's keys come unordered: keep the file's order, which is the grid's.
        leaves.sort(java.util.Comparator.comparingInt(leaf -> leaf.getValue().origin().lineNumber()));
        return leaves.stream().map(leaf -> axis(leaf.getKey(), leaf.getValue(), file.toString())).toList();
    }

    private static void leaves(ConfigObject object, List<String> at, List<Map.Entry<String, ConfigValue>> leaves) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            List<String> path = new ArrayList<>(at);
            path.add(entry.getKey());
            if (entry.getValue().valueType() == ConfigValueType.OBJECT) {
                leaves((ConfigObject) entry.getValue(), path, leaves);
            } else {
                leaves.add(Map.entry(ConfigUtil.joinPath(path), entry.getValue()));
            }
        }
    }

    private static Axis axis(String key, ConfigValue value, String where) {
        if (value.valueType() != ConfigValueType.LIST || ((ConfigList) value).isEmpty()) {
            throw new IllegalArgumentException(where + ": " + key + " needs a non-empty list of values");
        }
        List<String> values = new ArrayList<>();
        for (ConfigValue item : (ConfigList) value) {
            // 3e-4 becomes 0.0003 rather than HOCON's 3.0E-4, and plain words stay unquoted, so the report's table
            // reads as the user wrote the grid; anything else keeps its HOCON rendering.
            Object plain = item.unwrapped();
            values.add(plain instanceof Double number ? BigDecimal.valueOf(number).stripTrailingZeros().toPlainString()
                    : plain instanceof String text && text.matches("[A-Za-z0-9_.-]+") ? text
                    : item.render(ConfigRenderOptions.concise()));
        }
        return new Axis(key.startsWith("bml.") ? key.substring(4) : key, values);
    }

    private static List<List<String>> combinations(List<Axis> axes) {
        List<List<String>> points = new ArrayList<>(List.of(List.of()));
        for (Axis axis : axes) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> point : points) {
                for (String value : axis.values()) {
                    List<String> extended = new ArrayList<>(point);
                    extended.add(axis.key() + "=" + value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points;
    }

    private static BmlSettings load(String what, Optional<Path> userConfig, List<String> userOverrides,
                                    List<String> point) {
        List<String> overrides = new ArrayList<>(userOverrides);
        overrides.addAll(point);
        overrides.addAll(SweepPlan.SWEEP_OWNED);
        try {
            return SettingsLoader.load(userConfig, overrides);
        } catch (ConfigError e) {
            throw new ConfigError(e.problems().stream()
                    .map(p -> new ConfigError.Problem(p.key(), what + ", " + p.origin(), p.expected(), p.got()))
                    .toList());
        }
    }

    private static BmlSettings inDirectory(BmlSettings s, Path dir) {
        return s.withRunDir(dir.toString());
    }
}
