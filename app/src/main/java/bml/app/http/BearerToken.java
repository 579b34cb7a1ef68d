package bml.app.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The API's shared secret: 32 random bytes as hex, sent back by clients as {@code Authorization: Bearer <token>}.
 *
 * <p>Why: the API can change a running experiment, so only someone who can read the run directory may use it.
 */
record BearerToken(String value) {
    private static final int BYTES = 32;
    private static final String SCHEME = "bearer ";

    static BearerToken generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new BearerToken(HexFormat.of().formatHex(bytes));
    }

    /** Checks an {@code Authorization} header value in constant time, so timing reveals nothing of the token. */
    boolean admits(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return false;
        }
        String header = authorization.get().trim();
        if (!header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            return false;
        }
        byte[] given = header.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), given);
    }
}
