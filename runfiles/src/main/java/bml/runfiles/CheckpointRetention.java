package bml.runfiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which of a run's step checkpoints ({@code checkpoints/step-<step>.bin}) stay on disk: the newest {@code keepLast},
 * and every one whose step is a multiple of {@code keepEvery} (0 keeps none that way).
 *
 * <p>Why both: the newest few are what a resume or a fork from "just before" needs; the sparse every-M-th ones let
 * a researcher fork a long run at any era of it without keeping every checkpoint of a run that lasts for days.
 */
public record CheckpointRetention(int keepLast, long keepEvery) {
    private static final Pattern STEP_FILE = Pattern.compile("step-(\\d+)\\.bin");

    public CheckpointRetention {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast: expected >= 1, got " + keepLast);
        }
        if (keepEvery < 0) {
            throw new IllegalArgumentException("keepEvery: expected >= 0, got " + keepEvery);
        }
    }

    /** The steps among {@code steps} that this policy drops, in ascending order. */
    public List<Long> toDelete(List<Long> steps) {
        TreeSet<Long> sorted = new TreeSet<>(steps);
        List<Long> newest = new ArrayList<>(sorted.descendingSet()).subList(0, Math.min(keepLast, sorted.size()));
        List<Long> dropped = new ArrayList<>();
        for (long step : sorted) {
            boolean sparse = keepEvery > 0 && step % keepEvery == 0;
            if (!sparse && !newest.contains(step)) {
                dropped.add(step);
            }
        }
        return dropped;
    }

    /** Deletes the step checkpoints of {@code directory} that this policy drops; returns how many it deleted. */
    public int apply(Path directory) throws IOException {
        int deleted = 0;
        for (long step : toDelete(steps(directory))) {
            if (Files.deleteIfExists(file(directory, step))) {
                deleted++;
            }
        }
        return deleted;
    }

    /** The steps of the step checkpoints in {@code directory}, ascending. */
    public static List<Long> steps(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        TreeSet<Long> steps = new TreeSet<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> stepOf(file).ifPresent(steps::add));
        }
        return List.copyOf(steps);
    }

    /** The file of the step checkpoint at {@code step} in {@code directory}. */
    public static Path file(Path directory, long step) {
        return directory.resolve(String.format("step-%010d.bin", step));
    }

    /** The newest of {@code steps} (ascending, as {@link #steps} lists them) at or before {@code limit}. */
    public static Optional<Long> newestAtMost(List<Long> steps, long limit) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) <= limit) {
                return Optional.of(steps.get(i));
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> stepOf(Path file) {
        Matcher m = STEP_FILE.matcher(file.getFileName().toString());
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }
}
