package bml.app.serve;

import bml.runfiles.RunDirectory;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every run directory under a root, found anew on each call: runs of {@code bml run}, the {@code runs/<id>/} of a
 * {@code bml reproduce} or sweep output, forks, at any depth up to {@link #MAX_DEPTH}.
 *
 * <p>A run directory holds {@code config.conf} and either {@code metrics.jsonl} or {@code queues/metrics}. The walk
 * never descends into a run (its subfolders are its own), nor into {@code queues/}, {@code checkpoints/} or hidden
 * folders, and does not follow symbolic links, so it stays cheap on a directory of long runs.
 */
public final class DirectoryCatalog implements RunCatalog {
    static final int MAX_DEPTH = 6;
    private static final Set<String> NEVER_RUNS = Set.of("queues", "checkpoints");

    private final Path root;

    public DirectoryCatalog(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String title() {
        return "runs under " + root;
    }

    @Override
    public List<Run> runs() throws IOException {
        List<Run> runs = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(root) && (NEVER_RUNS.contains(name) || name.startsWith("."))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (isRun(dir)) {
                    runs.add(new Run(id(dir), dir));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // An unreadable folder (another user's, or deleted during the walk) hides only itself.
                return FileVisitResult.CONTINUE;
            }
        });
        runs.sort(Comparator.comparing(Run::id));
        return runs;
    }

    static boolean isRun(Path dir) {
        RunDirectory run = new RunDirectory(dir);
        return Files.isRegularFile(run.config())
                && (Files.isRegularFile(run.metrics()) || Files.isDirectory(run.metricsQueue()));
    }

    /** The path below the root, '/'-separated; the root's own name when the root itself is a run. */
    private String id(Path dir) {
        if (dir.equals(root)) {
            Path name = root.getFileName();
            return name == null ? "run" : name.toString();
        }
        return root.relativize(dir).toString().replace('\\', '/');
    }
}
