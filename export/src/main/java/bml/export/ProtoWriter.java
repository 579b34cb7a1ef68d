package bml.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protocol-buffers encoder: only the wire types the TensorBoard messages need (varint, 64-bit,
 * length-delimited, 32-bit), per the encoding guide at https://protobuf.dev/programming-guides/encoding/.
 *
 * <p>Fields are written in call order; nested messages are encoded first and added whole with
 * {@link #message(int, ProtoWriter)}.
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An int32, int64 or enum field: negative values take ten bytes, as in protobuf's two's-complement varints. */
    ProtoWriter varint(int field, long value) {
        tag(field, VARINT);
        rawVarint(value);
        return this;
    }

    ProtoWriter doubleField(int field, double value) {
        tag(field, FIXED64);
        littleEndian(Double.doubleToRawLongBits(value), Long.BYTES);
        return this;
    }

    ProtoWriter floatField(int field, float value) {
        tag(field, FIXED32);
        littleEndian(Float.floatToRawIntBits(value), Integer.BYTES);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private void littleEndian(long bits, int byteCount) {
        for (int i = 0; i < byteCount; i++) {
            out.write((int) (bits >>> (8 * i)) & 0xFF);
        }
    }
}
