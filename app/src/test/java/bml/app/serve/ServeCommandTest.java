package bml.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.app.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bml serve} refuses what it cannot serve, with a message naming it, before it binds anything. */
class ServeCommandTest {
    @TempDir
    Path tmp;

    private static String failing(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run(args));
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = tmp.resolve("no-such-runs");
        String message = failing("serve", missing.toString());
        assertTrue(message.contains("not a directory: " + missing), message);
    }

    @Test
    void aPortOutOfRangeIsNamed() {
        String message = failing("serve", tmp.toString(), "--port", "70000");
        assertTrue(message.contains("--port must be between 0 and 65535, got 70000"), message);
    }
}
