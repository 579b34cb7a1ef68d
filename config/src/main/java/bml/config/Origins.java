package bml.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;

/** Short, user-facing texts for where a setting came from and what it held. */
final class Origins {

    /** Prefix of the origin description of a {@code --set} override; such origins are one line, so no line is shown. */
    static final String OVERRIDE_PREFIX = "--set ";

    private static final int MAX_VALUE_CHARS = 80;

    private Origins() {
    }

    /** {@code my.conf:12}, {@code reference.conf:40}, {@code --set training.steps=abc} or the origin's description. */
    static String describe(ConfigOrigin origin) {
        if (origin == null) {
            return "(unknown origin)";
        }
        int line = origin.lineNumber();
        String where = origin.filename() != null ? origin.filename()
                : origin.resource() != null ? origin.resource()
                : origin.url() != null ? origin.url().toString()
                : null;
        if (where != null) {
            return line > 0 ? where + ":" + line : where;
        }
        String base = origin.description().replaceFirst(": \\d+(-\\d+)?$", "");
        if (base.startsWith(OVERRIDE_PREFIX) || line <= 0) {
            return base;
        }
        return base + ":" + line;
    }

    /** Where a parse or resolve exception happened, falling back to {@code fallback} when it has no origin. */
    static String describe(ConfigException e, String fallback) {
        return e.origin() == null ? fallback : describe(e.origin());
    }

    /** The exception's message without the origin prefix Typesafe Config puts in front of it. */
    static String messageOf(ConfigException e) {
        String message = String.valueOf(e.getMessage());
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }

    /** A value as a user would write it, shortened: {@code "abc"}, {@code 1.5}, {@code [0.1,1]}, {@code null}. */
    static String render(ConfigValue value) {
        if (value == null) {
            return "nothing (the key is missing)";
        }
        String text;
        try {
            text = value.render(ConfigRenderOptions.concise());
        } catch (ConfigException.NotResolved e) {
            text = value.render(ConfigRenderOptions.concise().setJson(false));
        }
        return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "...";
    }
}
