package bml.cluster.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The sweep API's bearer token: 32 random bytes as hex, checked in constant time, as a run's API does.
 *
 * <p>Why: through the sweep's address a client can change any run, so only someone who can read the sweep's
 * output directory may.
 */
record AccessToken(String value) {
    private static final String SCHEME = "bearer ";

    static AccessToken generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new AccessToken(HexFormat.of().formatHex(bytes));
    }

    /** True when {@code authorization} is {@code Bearer <this token>}. */
    boolean admits(Optional<String> authorization) {
        if (authorization.isEmpty() || !authorization.get().trim().toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            return false;
        }
        byte[] given = authorization.get().trim().substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), given);
    }
}
