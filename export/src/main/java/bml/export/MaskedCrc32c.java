package bml.export;

import java.util.zip.CRC32C;

/**
 * The CRC-32C (Castagnoli) checksum, masked as TFRecord framing stores it: a CRC of data that itself holds CRCs
 * would otherwise be poorly distributed (TensorFlow's {@code crc32c::Mask}).
 */
final class MaskedCrc32c {
    private static final int MASK_DELTA = 0xa282ead8;

    private MaskedCrc32c() {}

    /** The masked CRC-32C of {@code length} bytes of {@code data} from {@code offset}. */
    static int of(byte[] data, int offset, int length) {
        return mask(crc32c(data, offset, length));
    }

    static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    /** Rotates right by 15 bits and adds a constant, all in 32-bit arithmetic. */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }
}
