package bml.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input exits non-zero with a message naming the problem, and starts nothing. */
class BadInputTest {
    @TempDir
    Path tmp;

    private String runExpectingFailure(String... args) {
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
    void wrongTypeInASetOverrideIsNamedAndNothingStarts() {
        Path runDir = tmp.resolve("run");
        String message = runExpectingFailure("run", "--run-dir", runDir.toString(), "--set", "training.steps=abc");
        assertTrue(message.contains("training.steps"), message);
        assertTrue(message.contains("abc"), message);
        assertFalse(Files.exists(runDir), "no run directory is created");
    }

    @Test
    void unknownKeyInAConfigFileIsNamedWithFileAndLine() throws Exception {
        Path config = tmp.resolve("my.conf");
        Files.writeString(config, "bml {\n  training {\n    stepz = 10\n  }\n}\n");
        String message = runExpectingFailure("run", "--run-dir", tmp.resolve("run").toString(),
                "--config", config.toString());
        assertTrue(message.contains("training.stepz"), message);
        assertTrue(message.contains("my.conf:3"), message);
        assertTrue(message.contains("training.steps"), "suggests the near key: " + message);
    }

    @Test
    void outOfRangeValueIsNamedWithExpectedAndGot() {
        String message = runExpectingFailure("run", "--run-dir", tmp.resolve("run").toString(),
                "--set", "labels.noise=1.5");
        assertTrue(message.contains("labels.noise"), message);
        assertTrue(message.contains("1.5"), message);
    }

    @Test
    void missingDatasetFilesAreNamed() {
        Path runDir = tmp.resolve("run");
        String message = runExpectingFailure("run", "--run-dir", runDir.toString(), "--set", "data.source=cifar10",
                "--set", "data.path=" + tmp.resolve("nowhere"));
        assertTrue(message.contains("nowhere"), message);
        assertFalse(Files.exists(runDir), "no run directory is created");
    }

    @Test
    void corruptDatasetFileIsNamed() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("fmnist"));
        Files.write(data.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 5});
        Files.write(data.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 5, 1, 2});
        Files.write(data.resolve("t10k-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 5});
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 5});
        String message = runExpectingFailure("run", "--run-dir", tmp.resolve("run").toString(),
                "--set", "data.source=fashion-mnist", "--set", "data.path=" + data);
        assertTrue(message.contains("idx"), message);
    }

    @Test
    void nonEmptyRunDirectoryIsRefused() throws Exception {
        Path runDir = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(runDir.resolve("summary.json"), "{}");
        String message = runExpectingFailure("run", "--run-dir", runDir.toString());
        assertTrue(message.contains("not empty"), message);
        assertEquals("{}", Files.readString(runDir.resolve("summary.json")));
    }
}
