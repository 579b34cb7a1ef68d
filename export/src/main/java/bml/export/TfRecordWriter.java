package bml.export;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes TFRecord framing: a little-endian uint64 length, the masked CRC-32C of those 8 bytes, the data, and the
 * masked CRC-32C of the data.
 *
 * <p>Each record goes to the stream in one write followed by a flush, so a reader tailing the file (TensorBoard
 * during a live run) sees complete records only. Not thread-safe: one owner writes.
 */
public final class TfRecordWriter implements Closeable {
    private static final int HEADER_BYTES = Long.BYTES + Integer.BYTES;

    private final OutputStream out;

    /** Writes to {@code out}, which the writer then owns and closes; an unbuffered stream suits it best. */
    public TfRecordWriter(OutputStream out) {
        this.out = out;
    }

    /** Appends one record holding {@code data}. */
    public void write(byte[] data) throws IOException {
        out.write(frame(data));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    static byte[] frame(byte[] data) {
        byte[] record = new byte[HEADER_BYTES + data.length + Integer.BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(data.length);
        buffer.putInt(MaskedCrc32c.of(record, 0, Long.BYTES));
        buffer.put(data);
        buffer.putInt(MaskedCrc32c.of(data, 0, data.length));
        return record;
    }
}
