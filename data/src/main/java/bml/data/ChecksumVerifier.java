package bml.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks bytes against an expected SHA-256 before they are parsed.
 *
 * <p>Why: the embedded dataset ships inside the jar, and a corrupted copy would otherwise parse into plausible but
 * wrong images; a checksum refuses it up front with the name and both digests.
 */
final class ChecksumVerifier {
    private ChecksumVerifier() {}

    /**
     * Throws unless the SHA-256 of {@code data} is {@code expectedHex} (case-insensitive).
     *
     * @throws DatasetException {@code <name>: SHA-256 mismatch, expected X, got Y: the embedded data is corrupt}
     */
    static void verify(String name, byte[] data, String expectedHex) {
        String actual = sha256Hex(data);
        if (!actual.equals(expectedHex.toLowerCase(Locale.ROOT))) {
            throw new DatasetException(name + ": SHA-256 mismatch, expected " + expectedHex + ", got " + actual
                    + ": the embedded data is corrupt");
        }
    }

    /** The lower-case hex SHA-256 of {@code data}. */
    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256, which every Java platform must provide", e);
        }
    }
}
