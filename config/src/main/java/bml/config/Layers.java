package bml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses the layers of a settings stack (reference.conf, the user's file, {@code --set} overrides, hot-reload
 * patches), turning every parse failure into a {@link ConfigError.Problem} with its origin.
 */
final class Layers {

    /**
     * The top-level keys a settings file may hold: bml only. A pekko block is refused rather than ignored: the actor
     * system's settings are bml's own (dispatchers sized from these settings, shutdown timeouts set where the tasks
     * are), and a resumed run rebuilds its settings from the bml part alone, so a pekko block would silently apply to
     * one process and not the next. JVM options ({@code -Dpekko...}) still tune the actor system.
     */
    static final Set<String> FILE_TOP_LEVEL_KEYS = Set.of("bml");

    private static final String VALUE_KEY = "value";

    private Layers() {
    }

    /**
     * The {@code bml} part of every reference.conf on the classpath, resolved; origins read
     * {@code reference.conf:LINE}.
     */
    static Config reference() {
        ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false);
        Config all = ConfigFactory.parseResources(SettingsLoader.class.getClassLoader(), "reference.conf", options);
        return all.withOnlyPath("bml").resolve();
    }

    /**
     * The user's settings file, reduced to its {@code bml} part; null when it cannot be used (the reason is
     * added to {@code problems}).
     */
    static Config file(Path file, KnownKeys known, List<ConfigError.Problem> problems) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            String got = Files.isDirectory(file) ? "a directory" : "no such file";
            problems.add(new ConfigError.Problem("", name, "an existing, readable settings file", got));
            return null;
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            problems.add(new ConfigError.Problem("", Origins.describe(e, name), "a valid HOCON settings file",
                    Origins.messageOf(e)));
            return null;
        }
        boolean usable = true;
        for (String key : new TreeSet<>(parsed.root().keySet())) {
            if (!FILE_TOP_LEVEL_KEYS.contains(key)) {
                ConfigValue value = parsed.root().get(key);
                String hint = key.equals("pekko")
                        ? " (actor-system settings are not read from a settings file; pass them as JVM options,"
                                + " e.g. -Dpekko.loglevel=DEBUG)"
                        : known.reference(ConfigUtil.joinPath(key)) != null
                        ? " (settings go inside bml { }: write bml." + ConfigUtil.joinPath(key) + ")"
                        : "";
                problems.add(new ConfigError.Problem("", Origins.describe(value.origin()),
                        "only bml { ... } at the top level of a settings file",
                        "top-level key " + ConfigUtil.joinPath(key) + hint));
            }
        }
        ConfigValue bml = parsed.root().get("bml");
        if (bml != null && bml.valueType() != ConfigValueType.OBJECT) {
            problems.add(new ConfigError.Problem("", Origins.describe(bml.origin()),
                    "bml { ... } holding the settings", Origins.render(bml)));
            usable = false;
        }
        return usable ? parsed.withOnlyPath("bml") : null;
    }

    /**
     * {@code overrides} (later ones winning) over {@code file} over {@code reference}, unresolved; a layer that cannot
     * be read adds its problems and is left out.
     */
    static Config stack(Config reference, Optional<Path> file, List<String> overrides, KnownKeys known,
                        List<ConfigError.Problem> problems) {
        Config merged = reference;
        if (file.isPresent()) {
            Config fileLayer = file(file.get(), known, problems);
            if (fileLayer != null) {
                merged = fileLayer.withFallback(merged);
            }
        }
        for (String raw : overrides) {
            Config override = override(Objects.requireNonNull(raw, "override"), problems);
            if (override != null) {
                merged = override.withFallback(merged);
            }
        }
        return merged;
    }

    /**
     * One {@code key=value} override (key relative to bml, a leading {@code bml.} is tolerated) as a config
     * {@code bml.<key> = <value>}; null when malformed (the reason is added to {@code problems}).
     *
     * <p>The value is parsed as HOCON (numbers, booleans, lists, quoted strings, substitutions). Where that
     * fails, or would silently lose text (an unquoted {@code #} or {@code //} starts a comment), the raw text
     * is taken as a string, so paths such as {@code data.path=C:\data} work unquoted.
     */
    static Config override(String raw, List<ConfigError.Problem> problems) {
        String origin = Origins.OVERRIDE_PREFIX + raw;
        int eq = raw.indexOf('=');
        String key = eq < 0 ? "" : raw.substring(0, eq).trim();
        if (eq < 0 || key.isEmpty()) {
            problems.add(new ConfigError.Problem("", origin,
                    "key=value with a key under bml (for example training.steps=300)",
                    eq < 0 ? "no '='" : "an empty key"));
            return null;
        }
        List<String> path;
        try {
            path = new ArrayList<>(ConfigUtil.splitPath(key));
        } catch (ConfigException e) {
            problems.add(new ConfigError.Problem("", origin, "a key path such as training.steps",
                    "'" + key + "'"));
            return null;
        }
        if (path.size() > 1 && path.get(0).equals("bml")) {
            path.remove(0);
        }
        path.add(0, "bml");
        ConfigValue value = overrideValue(raw.substring(eq + 1).trim(), origin);
        return ConfigFactory.empty(origin).withValue(ConfigUtil.joinPath(path), value);
    }

    private static ConfigValue overrideValue(String text, String origin) {
        try {
            Config parsed = ConfigFactory.parseString(VALUE_KEY + " = " + text,
                    ConfigParseOptions.defaults().setOriginDescription(origin));
            ConfigValue value = parsed.root().get(VALUE_KEY);
            if (parsed.root().size() == 1 && value != null && !losesText(value, text)) {
                return value;
            }
        } catch (ConfigException e) {
            // not HOCON: the raw text is the value
        }
        return ConfigValueFactory.fromAnyRef(text, origin);
    }

    /** Whether an unquoted string value lost part of its text (to a comment) in HOCON parsing. */
    private static boolean losesText(ConfigValue value, String text) {
        try {
            return value.valueType() == ConfigValueType.STRING && !text.startsWith("\"")
                    && !value.unwrapped().equals(text);
        } catch (ConfigException.NotResolved e) {
            return false;
        }
    }

    /**
     * A hot-reload patch (HOCON or JSON) with keys relative to bml, a {@code bml { }} wrapper tolerated;
     * null when it does not parse (the reason is added to {@code problems}).
     */
    static Config patch(String text, String origin, List<ConfigError.Problem> problems) {
        Config parsed;
        try {
            parsed = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(origin));
        } catch (ConfigException e) {
            problems.add(new ConfigError.Problem("", Origins.describe(e, origin),
                    "a HOCON or JSON patch of bml settings", Origins.messageOf(e)));
            return null;
        }
        ConfigValue bml = parsed.root().get("bml");
        if (bml == null) {
            return parsed;
        }
        if (bml.valueType() != ConfigValueType.OBJECT) {
            problems.add(new ConfigError.Problem("", Origins.describe(bml.origin()),
                    "bml { ... } holding the settings to change", Origins.render(bml)));
            return null;
        }
        ConfigObject rest = parsed.root().withoutKey("bml");
        return ((ConfigObject) bml).toConfig().withFallback(rest);
    }
}
