package bml.reproduce;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A terminal that starts every line with a tag, so the progress of concurrent runs can be told apart.
 *
 * <p>Thread-safe: writes are serialised on the underlying stream.
 */
public final class LinePrefixStream extends OutputStream {
    private final PrintStream out;
    private final byte[] prefix;
    private boolean atLineStart = true;

    private LinePrefixStream(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    /** A print stream writing to {@code out} with {@code prefix} before each line. */
    public static PrintStream wrap(PrintStream out, String prefix) {
        return new PrintStream(new LinePrefixStream(out, prefix), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        synchronized (out) {
            if (atLineStart) {
                out.write(prefix, 0, prefix.length);
            }
            out.write(b);
            atLineStart = b == '\n';
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        synchronized (out) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }
    }

    @Override
    public void flush() {
        out.flush();
    }
}
