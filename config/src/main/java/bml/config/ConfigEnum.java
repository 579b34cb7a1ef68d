package bml.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An enumerated setting: each constant and the name a user writes for it in HOCON or {@code --set}.
 *
 * <p>Why: the settings parse a name once, here, into an enum; everything downstream switches over constants, so a
 * name typed wrong in a {@code switch} can no longer compile and fall through to a default at run time.
 */
public interface ConfigEnum {

    /**
     * The name users write: the constant's name in lower case with hyphens, e.g. {@code CROSS_ENTROPY} is
     * {@code cross-entropy}. Why derived, not stored: one rule for every setting, so a new constant cannot be given
     * a name that breaks it.
     */
    default String configName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} named {@code name} (exactly, as the settings spell it), or empty. */
    static <E extends Enum<E> & ConfigEnum> Optional<E> find(Class<E> type, String name) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.configName().equals(name)).findFirst();
    }

    /**
     * The constant of {@code type} named {@code name}, for names that come from elsewhere than the settings (a
     * benchmark's argument).
     *
     * @throws IllegalArgumentException naming {@code key}, the allowed names and {@code name}
     */
    static <E extends Enum<E> & ConfigEnum> E parse(Class<E> type, String key, String name) {
        return find(type, name).orElseThrow(() -> new IllegalArgumentException(
                key + ": expected one of " + names(type) + ", got '" + name + "'"));
    }

    /** The allowed names in declaration order, comma-separated: {@code adam, sgd}. */
    static <E extends Enum<E> & ConfigEnum> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigEnum::configName).collect(Collectors.joining(", "));
    }
}
