package bml.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Every problem found in a set of bml settings, reported at once.
 *
 * <p>Why: a user fixing a config file should see all mistakes in one go, each with where it came from
 * (file and line, or the {@code --set} argument), what was expected and what was found.
 */
public final class ConfigError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /** Creates the error from at least one problem; the message lists each on its own line. */
    public ConfigError(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order they were found. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigError needs at least one problem");
        }
        return problems.stream().map(Problem::render).collect(Collectors.joining("\n"));
    }

    /**
     * One thing wrong with the settings.
     *
     * @param key      the key relative to {@code bml} (for example {@code training.steps}); "" for a problem
     *                 with the file or argument as a whole (unreadable file, malformed {@code --set})
     * @param origin   where the value came from: {@code my.conf:12}, {@code --set training.steps=abc},
     *                 {@code reference.conf:40}
     * @param expected what a valid value looks like
     * @param got      what was found
     */
    public record Problem(String key, String origin, String expected, String got) {

        public Problem {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(got, "got");
        }

        /** The full key, {@code bml.<key>}. */
        public String fullKey() {
            return key.isEmpty() ? "bml" : "bml." + key;
        }

        /** One line: {@code <origin>: bml.<key>: expected <expected>, got <got>} (no key part when key is ""). */
        public String render() {
            String where = key.isEmpty() ? origin : origin + ": " + fullKey();
            return where + ": expected " + expected + ", got " + got;
        }
    }
}
