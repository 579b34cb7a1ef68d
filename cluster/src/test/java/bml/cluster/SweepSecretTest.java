package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's secret: stored owner-only, and a proof made without it, or for another challenge, fails. */
class SweepSecretTest {
    @TempDir
    Path tmp;

    @Test
    void theSecretFileIsReadableByItsOwnerOnly() throws IOException {
        SweepSecret.createIn(tmp);
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve(SweepSecret.FILE))));
    }

    @Test
    void aProofVerifiesOnlyForItsSecretChallengeAndIdentity() throws IOException {
        SweepSecret secret = SweepSecret.createIn(tmp);
        SweepSecret sameFromFile = SweepSecret.read(tmp.resolve(SweepSecret.FILE));
        Path other = Files.createDirectory(tmp.resolve("other"));
        SweepSecret otherSecret = SweepSecret.createIn(other);
        String challenge = SweepSecret.challenge();
        String identity = "pekko://bml-sweep@127.0.0.1:4711/user#1";

        assertTrue(secret.verify(challenge, identity, sameFromFile.prove(challenge, identity)));
        assertFalse(secret.verify(challenge, identity, otherSecret.prove(challenge, identity)), "another secret");
        assertFalse(secret.verify(SweepSecret.challenge(), identity, secret.prove(challenge, identity)),
                "a proof replayed for another challenge");
        assertFalse(secret.verify(challenge, identity + "x", secret.prove(challenge, identity)),
                "a proof relayed for another worker");
        assertFalse(secret.verify(challenge, identity, null));
    }

    @Test
    void aFileThatHoldsNoSecretIsRefusedWithItsName() throws IOException {
        Path file = Files.writeString(tmp.resolve("bad.secret"), "not a secret\n");
        IOException e = assertThrows(IOException.class, () -> SweepSecret.read(file));
        assertTrue(e.getMessage().contains("bad.secret"), e.getMessage());
    }
}
