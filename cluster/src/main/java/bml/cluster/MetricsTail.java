package bml.cluster;

import bml.runfiles.RecordedSteps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A training run's {@code metrics.jsonl} read as it grows: each {@link #catchUp()} parses only the whole lines added
 * since the last, so looking for a checkpoint to copy home every few seconds costs little even when the file holds
 * millions of records.
 *
 * <p>Why whole lines: the metrics hub writes whole lines, but a read can land in the middle of a write. Why offsets
 * hold: the hub only appends to the file once it exists (a resumed run's hub writes it whole when it starts, before
 * the run writes any checkpoint, and the first look waits for a checkpoint).
 *
 * <p>Not thread-safe: used by one staging at a time, handed from the worker's run actor to the blocking dispatcher
 * and back.
 */
final class MetricsTail {
    private final Path file;
    private final RecordedSteps recorded = new RecordedSteps();
    /** Bytes of whole lines taken in so far. */
    private long taken;

    MetricsTail(Path file) {
        this.file = file;
    }

    /** Takes in the whole lines added since the last call; nothing when the file does not exist yet. */
    void catchUp() throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        byte[] added;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(taken);
            added = Channels.newInputStream(channel).readAllBytes();
        }
        int end = added.length;
        while (end > 0 && added[end - 1] != '\n') {
            end--;
        }
        new String(added, 0, end, StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank())
                .forEach(recorded::accept);
        taken += end;
    }

    /** What the lines taken in so far recorded. */
    RecordedSteps recorded() {
        return recorded;
    }

    /** Writes the lines taken in so far to {@code to}. */
    void copyTo(Path to) throws IOException {
        try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(to)) {
            long left = taken;
            byte[] buffer = new byte[64 * 1024];
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(file + " is shorter than the " + taken + " bytes already read from it");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
