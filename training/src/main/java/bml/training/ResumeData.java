package bml.training;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a checkpoint holds beside the network and the optimiser: where in the views stream the run stood and the
 * settings in force, so that a resume re-reads the same views under the same settings.
 *
 * <p>Stored as the checkpoint's key/value extras under the names below, which is how every checkpoint since the
 * first resumable one has stored them.
 *
 * @param lastRead  the views-queue index of the last view trained on
 * @param viewsRead views consumed up to it
 * @param settings  the whole configuration as HOCON ({@code bml { ... }}), hot-reloaded values included
 */
public record ResumeData(long lastRead, long viewsRead, String settings) {
    static final String LAST_READ = "queue.last-read";
    static final String VIEWS_READ = "views.read";
    static final String SETTINGS = "settings";

    public ResumeData {
        Objects.requireNonNull(settings, "settings");
    }

    /** The checkpoint extras that store it. */
    Map<String, String> toExtras() {
        Map<String, String> extras = new TreeMap<>();
        extras.put(LAST_READ, Long.toString(lastRead));
        extras.put(VIEWS_READ, Long.toString(viewsRead));
        extras.put(SETTINGS, settings);
        return extras;
    }

    /**
     * Reads it back from the extras of {@code file}.
     *
     * @throws CheckpointException naming the file and the extra that is missing or not a number
     */
    static ResumeData fromExtras(Map<String, String> extras, Path file) {
        return new ResumeData(number(extras, LAST_READ, file), number(extras, VIEWS_READ, file),
                present(extras, SETTINGS, file));
    }

    private static long number(Map<String, String> extras, String key, Path file) {
        String text = present(extras, key, file);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, "extra " + key + " should be a whole number, is '" + text + "'");
        }
    }

    private static String present(Map<String, String> extras, String key, Path file) {
        String value = extras.get(key);
        if (value == null) {
            throw new CheckpointException(file, "has no " + key + " extra: it was not written by a bml run");
        }
        return value;
    }
}
