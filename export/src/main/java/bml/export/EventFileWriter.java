package bml.export;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one TensorBoard event file, {@code events.out.tfevents.<secs>.<hostname>}, in a directory TensorBoard shows
 * as one run.
 *
 * <p>The first event names the file version; every later event is one scalar or one text, flushed as soon as it is
 * written. Not thread-safe: one owner writes.
 */
public final class EventFileWriter implements Closeable {
    /** What every TensorBoard event file name starts with; TensorBoard reads any file whose name has "tfevents". */
    public static final String FILE_PREFIX = "events.out.tfevents.";

    private final Path file;
    private final TfRecordWriter records;

    private EventFileWriter(Path file, TfRecordWriter records) {
        this.file = file;
        this.records = records;
    }

    /** Creates the directory if needed and a new event file in it, named after {@code wallTime} (epoch seconds). */
    public static EventFileWriter create(Path directory, double wallTime) throws IOException {
        Files.createDirectories(directory);
        String name = FILE_PREFIX + (long) wallTime + "." + Host.NAME;
        // Two writers started in the same second (a resumed run, a re-export) must not share a file.
        for (int attempt = 0; ; attempt++) {
            Path file = directory.resolve(attempt == 0 ? name : name + "." + attempt);
            try {
                var out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                EventFileWriter writer = new EventFileWriter(file, new TfRecordWriter(out));
                try {
                    writer.records.write(EventMessages.fileVersion(wallTime));
                } catch (IOException e) {
                    writer.close();
                    throw e;
                }
                return writer;
            } catch (FileAlreadyExistsException taken) {
                // try the next suffix
            }
        }
    }

    /** {@link #create(Path, double)} named after the current time. */
    public static EventFileWriter create(Path directory) throws IOException {
        return create(directory, System.currentTimeMillis() / 1000.0);
    }

    public Path file() {
        return file;
    }

    /** Appends {@code value} (stored as a 32-bit float, as TensorBoard scalars are) under {@code tag} at {@code step}. */
    public void scalar(String tag, long step, double value, double wallTime) throws IOException {
        records.write(EventMessages.scalar(tag, step, (float) value, wallTime));
    }

    /** Appends {@code text}, which TensorBoard's text dashboard renders as markdown, under {@code tag}. */
    public void text(String tag, long step, String text, double wallTime) throws IOException {
        records.write(EventMessages.text(tag, step, text, wallTime));
    }

    @Override
    public void close() throws IOException {
        records.close();
    }

    /** Looked up once: a slow name service would otherwise delay every writer of a sweep's export. */
    private static final class Host {
        static final String NAME = hostname();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "localhost" : fromEnvironment;
        }
    }
}
