package bml.cluster;

import bml.runfiles.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files of a run come home from its worker: what the report reads (metrics, summary), the resolved config
 * and the final checkpoint; and, while it trains, what a copy of its checkpoint brings home so another worker can
 * continue it. Nothing else may be sent: the coordinator accepts exactly these names, so a worker cannot write
 * anywhere else in the sweep's output.
 */
final class ResultFiles {
    static final String CHECKPOINT = "checkpoints/checkpoint.bin";
    static final List<String> NAMES = List.of(RunDirectory.CONFIG, RunDirectory.METRICS_JSONL,
            RunDirectory.SUMMARY_JSON, CHECKPOINT);
    /**
     * A checkpoint copied home while the run trains, all another worker needs to continue it: the checkpoint (the
     * settings travel inside it) and the metrics up to then.
     */
    static final List<String> CHECKPOINT_COPY = List.of(RunDirectory.METRICS_JSONL, CHECKPOINT);

    private ResultFiles() {}

    /** The result files present in {@code runDir}, each with its size and SHA-256; reads every byte. */
    static List<FileEntry> manifest(Path runDir) throws IOException {
        return manifest(runDir, NAMES);
    }

    /** The files of {@code names} present in {@code dir}, each with its size and SHA-256; reads every byte. */
    static List<FileEntry> manifest(Path dir, List<String> names) throws IOException {
        List<FileEntry> files = new ArrayList<>();
        for (String name : names) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                files.add(new FileEntry(name, Files.size(file), Sha256.ofFile(file)));
            }
        }
        return files;
    }

    /** Null when every entry names a result file once with a sane size and digest, else what is wrong. */
    static String problemWith(List<FileEntry> files) {
        return problemWith(files, NAMES);
    }

    /**
     * Null when {@code files} are a checkpoint copy: each name of {@link #CHECKPOINT_COPY} once, with a sane size and
     * digest; else what is wrong.
     */
    static String problemWithCheckpointCopy(List<FileEntry> files) {
        String problem = problemWith(files, CHECKPOINT_COPY);
        if (problem != null) {
            return problem;
        }
        for (String name : CHECKPOINT_COPY) {
            if (files.stream().noneMatch(file -> file.name().equals(name))) {
                return "file '" + name + "' is missing from the offer";
            }
        }
        return null;
    }

    private static String problemWith(List<FileEntry> files, List<String> allowed) {
        List<String> seen = new ArrayList<>();
        for (FileEntry file : files) {
            if (!allowed.contains(file.name()) || seen.contains(file.name())) {
                return "file '" + file.name() + "' is not one of " + allowed + " or is offered twice";
            }
            if (file.size() < 0 || file.sha256() == null || !file.sha256().matches("[0-9a-f]{64}")) {
                return "file '" + file.name() + "' has no valid size and SHA-256";
            }
            seen.add(file.name());
        }
        return null;
    }
}
