package bml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed, range-checked values from one section of the resolved {@code bml} config, collecting a
 * {@link ConfigError.Problem} for each bad value instead of stopping at the first.
 *
 * <p>A bad value is replaced by a placeholder so reading can go on; whoever created the reader must call
 * {@link #throwIfAny()} before using what was read. Numbers, booleans and strings follow Typesafe Config's
 * conversions (a numeric string such as an environment substitution counts as a number).
 */
final class SettingsReader {

    private final Config section;
    private final String prefix;
    private final List<ConfigError.Problem> problems;
    /** True when the section itself was not an object: that problem is already reported, so leaves stay quiet. */
    private final boolean silent;

    SettingsReader(Config section, String prefix, List<ConfigError.Problem> problems) {
        this(section, prefix, problems, false);
    }

    private SettingsReader(Config section, String prefix, List<ConfigError.Problem> problems, boolean silent) {
        this.section = section;
        this.prefix = prefix;
        this.problems = problems;
        this.silent = silent;
    }

    /** Reads one section with {@code read} and throws a {@link ConfigError} if anything in it was wrong. */
    static <T> T readSection(Config section, String sectionPath, Function<SettingsReader, T> read) {
        SettingsReader reader = new SettingsReader(section, sectionPath.isEmpty() ? "" : sectionPath + ".",
                new ArrayList<>());
        T value = read.apply(reader);
        reader.throwIfAny();
        return value;
    }

    /** A reader of the sub-section {@code name}, sharing this reader's problems. */
    SettingsReader section(String name) {
        ConfigValue value = raw(name);
        if (value != null && value.valueType() == ConfigValueType.OBJECT) {
            return new SettingsReader(((ConfigObject) value).toConfig(), prefix + name + ".", problems, silent);
        }
        problem(name, "an object { ... } holding the " + prefix + name + " settings", Origins.render(value));
        return new SettingsReader(ConfigFactory.empty(), prefix + name + ".", problems, true);
    }

    /** A whole number in [min, max]. */
    long wholeNumber(String key, long min, long max) {
        boolean unbounded = max == Long.MAX_VALUE || max == Integer.MAX_VALUE;
        String expected = min == Long.MIN_VALUE && unbounded ? "a whole number (64-bit)"
                : unbounded ? "a whole number >= " + min
                : "a whole number in [" + min + ", " + max + "]";
        ConfigValue value = raw(key);
        Double number = numberOf(value);
        if (number == null || !isWhole(number) || number < min || number > max) {
            problem(key, expected, Origins.render(value));
            return min;
        }
        return exactLong(value, number);
    }

    /** Either the word {@code word} (empty) or any whole number (64-bit). */
    java.util.OptionalLong wholeNumberOr(String key, String word) {
        ConfigValue value = raw(key);
        if (value != null && word.equals(value.unwrapped())) {
            return java.util.OptionalLong.empty();
        }
        Double number = numberOf(value);
        if (number == null || !isWhole(number)) {
            problem(key, word + " or a whole number (64-bit)", Origins.render(value));
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(exactLong(value, number));
    }

    /** A whole number in [min, max] that fits an int. */
    int wholeInt(String key, int min, int max) {
        return (int) wholeNumber(key, min, max);
    }

    /** A finite real number inside {@code range}. */
    double number(String key, Interval range) {
        ConfigValue value = raw(key);
        Double number = numberOf(value);
        if (number == null || !range.contains(number)) {
            problem(key, range.describe(), Origins.render(value));
            return range.lo();
        }
        return number;
    }

    /** A list of exactly two numbers [min, max] with both ends inside {@code range} and min <= max. */
    double[] orderedPair(String key, Interval range) {
        ConfigValue value = raw(key);
        if (value != null && value.valueType() == ConfigValueType.LIST) {
            ConfigList values = (ConfigList) value;
            if (values.size() == 2) {
                Double min = numberOf(values.get(0));
                Double max = numberOf(values.get(1));
                if (min != null && max != null && range.contains(min) && range.contains(max) && min <= max) {
                    return new double[] {min, max};
                }
            }
        }
        problem(key, "a list of 2 numbers [min, max] with " + range.describePair(), Origins.render(value));
        return new double[] {range.lo(), range.lo()};
    }

    /** true or false (also yes/no/on/off, as Typesafe Config allows). */
    boolean flag(String key) {
        ConfigValue value = raw(key);
        if (value != null) {
            Object unwrapped = value.unwrapped();
            if (unwrapped instanceof Boolean b) {
                return b;
            }
            if (unwrapped instanceof String s) {
                switch (s.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on":
                        return true;
                    case "false", "no", "off":
                        return false;
                    default:
                        break;
                }
            }
        }
        problem(key, "true or false", Origins.render(value));
        return false;
    }

    /** Any string (a number or boolean is taken as its text). */
    String text(String key) {
        ConfigValue value = raw(key);
        if (value != null) {
            switch (value.valueType()) {
                case STRING, NUMBER, BOOLEAN:
                    return String.valueOf(value.unwrapped());
                default:
                    break;
            }
        }
        problem(key, "a string", Origins.render(value));
        return "";
    }

    /** The constant of {@code type} whose {@link ConfigEnum#configName() name} the value is, exactly. */
    <E extends Enum<E> & ConfigEnum> E oneOf(String key, Class<E> type) {
        ConfigValue value = raw(key);
        if (value != null && value.valueType() == ConfigValueType.STRING) {
            Optional<E> found = ConfigEnum.find(type, (String) value.unwrapped());
            if (found.isPresent()) {
                return found.get();
            }
        }
        problem(key, "one of " + ConfigEnum.names(type), Origins.render(value));
        return type.getEnumConstants()[0];
    }

    /** Records a problem with {@code key} of this section, at the key's origin. */
    void problem(String key, String expected, String got) {
        if (silent) {
            return;
        }
        problems.add(new ConfigError.Problem(prefix + key, origin(key), expected, got));
    }

    /** Where {@code key}'s value came from (the section's origin when the key is missing). */
    String origin(String key) {
        ConfigValue value = raw(key);
        return Origins.describe(value != null ? value.origin() : section.origin());
    }

    /** Throws a {@link ConfigError} listing every problem collected so far, if there is any. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigError(problems);
        }
    }

    /** The raw value of a direct child key; a null value is a ConfigNull, a missing key is null. */
    private ConfigValue raw(String key) {
        return section.root().get(key);
    }

    private static Double numberOf(ConfigValue value) {
        if (value == null) {
            return null;
        }
        Object unwrapped = value.unwrapped();
        if (unwrapped instanceof Number n) {
            return n.doubleValue();
        }
        if (unwrapped instanceof String s) {
            try {
                return (double) Long.parseLong(s.trim());
            } catch (NumberFormatException notLong) {
                try {
                    return Double.parseDouble(s.trim());
                } catch (NumberFormatException notNumber) {
                    return null;
                }
            }
        }
        return null;
    }

    private static boolean isWhole(double x) {
        return Double.isFinite(x) && x == Math.rint(x);
    }

    /** The exact long of an integral value (doubles lose precision above 2^53, ints and longs do not). */
    private static long exactLong(ConfigValue value, double number) {
        Object unwrapped = value.unwrapped();
        if (unwrapped instanceof Integer || unwrapped instanceof Long) {
            return ((Number) unwrapped).longValue();
        }
        if (unwrapped instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return (long) number;
            }
        }
        return (long) number;
    }
}
