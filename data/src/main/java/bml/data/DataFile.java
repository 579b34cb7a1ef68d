package bml.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A dataset file read as a byte stream, gunzipped when it starts with the gzip magic bytes, whose failures become
 * {@link DatasetException}s naming the file.
 *
 * <p>A stream that ends early (including a truncated gzip member) reads as a short count instead of an exception,
 * so the readers can say how much of the expected content the file holds.
 */
final class DataFile implements Closeable {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int FIRST_CHUNK = 1 << 20;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final String name;
    private final InputStream in;
    private final byte[] skipBuffer = new byte[1 << 16];

    private DataFile(String name, InputStream in) {
        this.name = name;
        this.in = in;
    }

    static DataFile open(Path path) {
        String name = path.getFileName().toString();
        InputStream raw;
        try {
            raw = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new DatasetException(name + ": file not found at " + path);
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read " + path + " (" + e + ")", e);
        }
        return open(name, raw, path.toString());
    }

    /** Wraps bytes already in memory (an embedded resource, say); {@code name} is used in error messages. */
    static DataFile open(String name, byte[] data) {
        return open(name, new ByteArrayInputStream(data), name);
    }

    private static DataFile open(String name, InputStream stream, String where) {
        try {
            BufferedInputStream raw = new BufferedInputStream(stream, 1 << 16);
            raw.mark(2);
            int b1 = raw.read();
            int b2 = raw.read();
            raw.reset();
            boolean gzip = b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2;
            InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            return new DataFile(name, in);
        } catch (ZipException e) {
            closeQuietly(stream);
            throw new DatasetException(name + ": corrupt gzip header (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            closeQuietly(stream);
            throw new DatasetException(name + ": truncated gzip header", e);
        } catch (IOException e) {
            closeQuietly(stream);
            throw new DatasetException(name + ": cannot read " + where + " (" + e + ")", e);
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the read error being reported matters more than a failed close
        }
    }

    /** The file name used in error messages. */
    String name() {
        return name;
    }

    /** Reads up to {@code len} bytes; fewer only when the data ends. */
    int read(byte[] b, int off, int len) {
        int done = 0;
        try {
            while (done < len) {
                int n = in.read(b, off + done, len - done);
                if (n < 0) {
                    break;
                }
                done += n;
            }
        } catch (EOFException e) {
            return done;
        } catch (ZipException e) {
            throw error("corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw error("cannot read (" + e + ")");
        }
        return done;
    }

    /**
     * Reads up to {@code len} bytes into a new array, growing it as data arrives so that a corrupt header cannot
     * make it allocate more than the file holds; the array is shorter than {@code len} only when the data ends.
     */
    byte[] readUpTo(long len) {
        if (len > MAX_ARRAY) {
            throw error(len + " bytes of data do not fit in one array (at most " + MAX_ARRAY + ")");
        }
        int want = (int) len;
        byte[] data = new byte[Math.min(want, FIRST_CHUNK)];
        int done = 0;
        while (true) {
            int n = read(data, done, data.length - done);
            done += n;
            if (done < data.length || done == want) {
                return done == data.length ? data : Arrays.copyOf(data, done);
            }
            data = Arrays.copyOf(data, (int) Math.min(want, 2L * data.length));
        }
    }

    /** Reads and discards up to {@code len} bytes; returns how many there were. */
    long skip(long len) {
        long done = 0;
        while (done < len) {
            int chunk = (int) Math.min(skipBuffer.length, len - done);
            int n = read(skipBuffer, 0, chunk);
            done += n;
            if (n < chunk) {
                break;
            }
        }
        return done;
    }

    /** Whether the data has ended (reads one byte to find out). */
    boolean atEnd() {
        return read(skipBuffer, 0, 1) == 0;
    }

    DatasetException error(String problem) {
        return new DatasetException(name + ": " + problem);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw error("cannot close (" + e + ")");
        }
    }
}
