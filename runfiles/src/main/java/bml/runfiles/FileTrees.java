package bml.runfiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes directory trees the system made itself (a finished run's views, a benchmark's scratch runs). */
public final class FileTrees {
    private FileTrees() {}

    /** Deletes {@code root} and everything below it, deepest first; nothing when there is no {@code root}. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
