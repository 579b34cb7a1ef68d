package bml.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bml reproduce} refuses bad input with exit code 2 before any run starts. */
class ReproduceCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureErr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(originalErr);
    }

    @Test
    void aBadOverrideExitsWithTwoAndStartsNothing() {
        Path out = tmp.resolve("out");
        assertEquals(2, Main.run("reproduce", "--out", out.toString(), "--set", "training.steps=abc"));
        assertTrue(err.toString().contains("training.steps"), err.toString());
        assertFalse(Files.exists(out), "nothing was created");
    }

    @Test
    void anUnknownBudgetOrDataSetExitsWithTwo() {
        assertEquals(2, Main.run("reproduce", "--out", tmp.resolve("a").toString(), "--budget", "huge"));
        assertTrue(err.toString().contains("--budget"), err.toString());
        assertEquals(2, Main.run("reproduce", "--out", tmp.resolve("b").toString(), "--data", "imagenet"));
        assertTrue(err.toString().contains("data.source"), err.toString());
    }

    @Test
    void missingDataFilesExitWithTwo() {
        assertEquals(2, Main.run("reproduce", "--out", tmp.resolve("c").toString(), "--data", "cifar10"));
        assertTrue(err.toString().contains("data.path"), err.toString());
    }

    @Test
    void aNonEmptyOutputDirectoryOrBadConcurrencyExitsWithTwo() throws Exception {
        Files.writeString(tmp.resolve("old.txt"), "x");
        assertEquals(2, Main.run("reproduce", "--out", tmp.toString()));
        assertTrue(err.toString().contains("is not empty"), err.toString());
        assertEquals(2, Main.run("reproduce", "--out", tmp.resolve("d").toString(), "--concurrency", "0"));
        assertTrue(err.toString().contains("--concurrency"), err.toString());
    }

    @Test
    void noSeedsOrBothSeedsFixedForSeveralReplicatesExitWithTwo() {
        assertEquals(2, Main.run("reproduce", "--out", tmp.resolve("e").toString(), "--seeds", "0"));
        assertTrue(err.toString().contains("--seeds: expected >= 1, got 0"), err.toString());
        assertEquals(2, Main.run("reproduce", "--out", tmp.resolve("f").toString(), "--seeds", "3",
                "--set", "seeds.labels=1", "--set", "seeds.init=2"));
        assertTrue(err.toString().contains("--seeds 3"), err.toString());
        assertFalse(Files.exists(tmp.resolve("f")), "nothing was created");
    }
}
