package bml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The keys that exist under {@code bml}, taken from reference.conf, and the check of a config against them.
 *
 * <p>Why: a mistyped key would otherwise be silently ignored and the default used instead (nanoGPT's
 * "Unknown config key"); suggesting the nearest known key makes the fix obvious.
 */
final class KnownKeys {

    private final ConfigObject schema;
    /** Every known path relative to bml (sections and leaves) to its reference value, sorted. */
    private final Map<String, ConfigValue> paths = new TreeMap<>();

    KnownKeys(ConfigObject schema) {
        this.schema = schema;
        collect(schema, new ArrayList<>());
    }

    /** The reference value at a path relative to bml, or null when the path is unknown. */
    ConfigValue reference(String path) {
        return paths.get(path);
    }

    /**
     * Reports unknown keys and sections replaced by a non-object; returns {@code actual} (the bml subtree) with
     * every such section restored from the reference, so that the records can still be read and checked.
     */
    Config check(Config actual, List<ConfigError.Problem> problems) {
        List<String> broken = new ArrayList<>();
        walk(schema, actual.root(), new ArrayList<>(), problems, broken);
        Config repaired = actual;
        for (String path : broken) {
            repaired = repaired.withValue(path, paths.get(path));
        }
        return repaired;
    }

    /**
     * The known paths a user probably meant by {@code unknown}: the same key name in other sections when there
     * is one (training.k -> probe.k), else the closest known path when it is close enough to be a typo; may be
     * empty.
     */
    List<String> suggestions(String unknown) {
        String last = lastSegment(unknown);
        List<String> sameName = new ArrayList<>();
        for (String known : paths.keySet()) {
            if (lastSegment(known).equals(last)) {
                sameName.add(known);
            }
        }
        if (!sameName.isEmpty()) {
            return sameName;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : paths.keySet()) {
            int d = distance(unknown, known);
            if (d < bestDistance && !unknown.startsWith(known + ".")) {
                best = known;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, unknown.length() / 8) ? List.of(best) : List.of();
    }

    private void walk(ConfigObject reference, ConfigObject actual, List<String> at,
                      List<ConfigError.Problem> problems, List<String> broken) {
        for (String key : new TreeSet<>(actual.keySet())) {
            List<String> segments = new ArrayList<>(at);
            segments.add(key);
            String path = ConfigUtil.joinPath(segments);
            ConfigValue value = actual.get(key);
            ConfigValue known = reference.get(key);
            if (known == null) {
                problems.add(new ConfigError.Problem(path, Origins.describe(value.origin()),
                        unknownExpectation(path, reference, at), "an unknown key"));
            } else if (known.valueType() == ConfigValueType.OBJECT) {
                if (value.valueType() == ConfigValueType.OBJECT) {
                    walk((ConfigObject) known, (ConfigObject) value, segments, problems, broken);
                } else {
                    problems.add(new ConfigError.Problem(path, Origins.describe(value.origin()),
                            "an object { ... } holding the bml." + path + " settings", Origins.render(value)));
                    broken.add(path);
                }
            }
        }
    }

    private String unknownExpectation(String path, ConfigObject siblings, List<String> at) {
        List<String> near = suggestions(path);
        if (!near.isEmpty()) {
            return "a known key (did you mean bml." + String.join(" or bml.", near) + "?)";
        }
        String section = at.isEmpty() ? "bml" : "bml." + ConfigUtil.joinPath(at);
        return "a known key of " + section + " (" + String.join(", ", new TreeSet<>(siblings.keySet())) + ")";
    }

    private void collect(ConfigObject object, List<String> at) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            List<String> segments = new ArrayList<>(at);
            segments.add(e.getKey());
            paths.put(ConfigUtil.joinPath(segments), e.getValue());
            if (e.getValue().valueType() == ConfigValueType.OBJECT) {
                collect((ConfigObject) e.getValue(), segments);
            }
        }
    }

    private static String lastSegment(String path) {
        List<String> segments = ConfigUtil.splitPath(path);
        return segments.get(segments.size() - 1);
    }

    /** Levenshtein edit distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
