package bml.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret of one sweep: a worker proves it holds it before the coordinator hands it any run.
 *
 * <p>Why a challenge and an HMAC rather than the secret itself: the secret never crosses the wire, so a node that
 * watches the traffic learns nothing it can replay; every challenge is fresh and used once. The check is constant
 * time. The transport (loopback, or TLS with mutual authentication beyond it) is the first gate; this is the second,
 * which also keeps two sweeps on one machine from taking each other's workers.
 */
public final class SweepSecret {
    /** The file in a sweep's output directory that holds it, readable by its owner only. */
    public static final String FILE = "cluster.secret";

    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private SweepSecret(byte[] key) {
        this.key = key.clone();
    }

    /** A new random secret, written owner-only (0600) to {@code dir/cluster.secret}. */
    public static SweepSecret createIn(Path dir) throws IOException {
        byte[] key = new byte[BYTES];
        RANDOM.nextBytes(key);
        Path file = dir.resolve(FILE);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new SweepSecret(key);
    }

    /**
     * Reads a secret written by {@link #createIn}.
     *
     * @throws IOException when the file is missing or does not hold a secret (the message says which)
     */
    public static SweepSecret read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!text.matches("[0-9a-f]{" + 2 * BYTES + "}")) {
            throw new IOException(file + " does not hold a sweep secret (" + 2 * BYTES + " hex digits)");
        }
        return new SweepSecret(HexFormat.of().parseHex(text));
    }

    /** A fresh challenge: 32 random bytes, hex. */
    static String challenge() {
        byte[] nonce = new byte[BYTES];
        RANDOM.nextBytes(nonce);
        return HexFormat.of().formatHex(nonce);
    }

    /** The answer to {@code challenge} for the worker {@code identity}: HMAC-SHA256 over both, hex. */
    String prove(String challenge, String identity) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(challenge.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '\n');
            mac.update(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** True when {@code proof} answers {@code challenge} for {@code identity}; compares in constant time. */
    boolean verify(String challenge, String identity, String proof) {
        byte[] expected = prove(challenge, identity).getBytes(StandardCharsets.US_ASCII);
        byte[] given = proof == null ? new byte[0] : proof.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
