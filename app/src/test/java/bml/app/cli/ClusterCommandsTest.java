package bml.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.cluster.LocalWorkers;
import bml.reproduce.Budget;
import bml.reproduce.SweepPlan;
import bml.runfiles.FileTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bml reproduce --workers N} and {@code bml sweep} through the real command line: the coordinator in this JVM,
 * the workers as {@code bml worker} child JVMs on loopback; and the cluster commands' bad input.
 */
class ClusterCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HARD_TIMEOUT = Duration.ofMinutes(5);

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

    private static List<String> tinyOverrides() {
        List<String> overrides = new ArrayList<>(TinyRun.SETTINGS);
        overrides.addAll(List.of("training.steps=6", "probe.every=3", "training.checkpoint-every=0",
                "cluster.stable-after-seconds=2"));
        return overrides;
    }

    private static List<String> tiny() {
        List<String> args = new ArrayList<>();
        tinyOverrides().forEach(setting -> args.addAll(List.of("--set", setting)));
        return args;
    }

    /**
     * {@code bml reproduce --workers 2}, then {@code bml reproduce --resume} of the same output after one run's
     * results and the report were lost (as when the coordinator dies before they come home): only that run trains
     * again, to the same figures, and the report is complete.
     */
    @Test
    void reproduceOnTwoWorkerJvmsWritesTheReportFromTheRunsCopiedHomeAndResumeRunsOnlyWhatIsMissing()
            throws Exception {
        Path out = tmp.resolve("repro");
        List<String> args = new ArrayList<>(List.of("reproduce", "--workers", "2", "--out", out.toString()));
        args.addAll(tiny());
        int code = assertTimeoutPreemptively(HARD_TIMEOUT, () -> Main.run(args.toArray(String[]::new)));

        String markdown = Files.readString(out.resolve("report.md"));
        assertEquals(0, code, markdown);
        List<Path> runs;
        try (Stream<Path> dirs = Files.list(out.resolve("runs"))) {
            runs = dirs.sorted().toList();
        }
        List<String> planned = SweepPlan.create(Budget.QUICK, "shapes", out, Optional.empty(), tinyOverrides())
                .runs().stream().map(run -> SweepPlan.runDirectory(out, run.id()).toString()).sorted().toList();
        assertEquals(planned, runs.stream().map(Path::toString).toList());
        List<String> workers = new ArrayList<>();
        for (Path run : runs) {
            JsonNode home = JSON.readTree(run.resolve("home.json").toFile());
            assertEquals("finished", home.get("state").asText(), run.toString());
            workers.add(home.get("worker").asText());
            assertEquals("finished", JSON.readTree(run.resolve("summary.json").toFile()).get("status").asText());
            // The plan leaves training.threads at 0 (all cores): each of the two workers gives it its share.
            int share = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
            assertTrue(Files.readString(run.resolve("config.conf")).contains("threads=" + share + "\n"), run + "");
        }
        assertTrue(workers.contains("w1") && workers.contains("w2"), "both workers trained: " + workers);
        for (String claim : List.of("### C1", "### C2", "### C3", "### C4", "### C5")) {
            assertTrue(markdown.contains(claim), claim);
        }
        assertTrue(Files.readString(out.resolve("workers/w1/worker.log")).contains("leaving: the sweep is over"));

        Path lost = out.resolve("runs/random-full");
        JsonNode lostKnn = JSON.readTree(lost.resolve("summary.json").toFile()).get("knn");
        Path kept = out.resolve("runs/random-none/home.json");
        byte[] keptHome = Files.readAllBytes(kept);
        FileTrees.delete(lost);
        Files.delete(out.resolve("report.md"));
        int resumed = assertTimeoutPreemptively(HARD_TIMEOUT, () -> Main.run("reproduce", "--resume",
                out.toString()));
        String again = Files.readString(out.resolve("report.md"));
        assertEquals(0, resumed, again);
        assertTrue(again.contains("(resumed: bml reproduce --resume "), again);
        assertEquals("finished", JSON.readTree(lost.resolve("home.json").toFile()).get("state").asText());
        assertEquals(lostKnn, JSON.readTree(lost.resolve("summary.json").toFile()).get("knn"),
                "the run trained again on a worker with the same share of the cores: the same figures");
        assertArrayEquals(keptHome, Files.readAllBytes(kept), "a run whose results were home did not run again");
        for (String claim : List.of("### C1", "### C2", "### C3", "### C4", "### C5")) {
            assertTrue(again.contains(claim), claim);
        }
    }

    /**
     * A grid sweep whose coordinator JVM is killed with {@code kill -9} after its first run came home: its worker
     * leaves on its own, and {@code bml sweep --resume} trains only what was not home and reports every run.
     */
    @Test
    void aGridSweepWhoseCoordinatorIsKilledIsResumedWithoutRerunningWhatCameHome() throws Exception {
        Path out = tmp.resolve("grid");
        List<String> args = new ArrayList<>(List.of("sweep", "--workers", "1", "--out", out.toString(),
                "--grid", "seed=[1,2]", "--grid", "training.lr=[3e-4]", "--set", "training.threads=1"));
        args.addAll(tiny());
        Process coordinator = new ProcessBuilder(LocalWorkers.javaCommand(Main.class.getName(),
                args.toArray(String[]::new))).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("coordinator.log").toFile()).start();
        List<ProcessHandle> workers = new ArrayList<>();
        byte[] firstHome;
        try {
            Path home = out.resolve("runs/g01/home.json");
            long deadline = System.nanoTime() + HARD_TIMEOUT.toNanos();
            while (!Files.exists(home)) {
                assertTrue(coordinator.isAlive() && System.nanoTime() < deadline,
                        Files.readString(tmp.resolve("coordinator.log")));
                Thread.sleep(50);
            }
            firstHome = Files.readAllBytes(home);
            workers.addAll(coordinator.descendants().toList());
            coordinator.destroyForcibly();
            assertTrue(coordinator.waitFor(30, TimeUnit.SECONDS));
            for (ProcessHandle worker : workers) {
                worker.onExit().get(120, TimeUnit.SECONDS); // the worker notices its coordinator is gone and leaves
            }
        } finally {
            coordinator.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
        }
        assertFalse(Files.exists(out.resolve("report.md")), "the sweep was cut short");

        int code = assertTimeoutPreemptively(HARD_TIMEOUT, () -> Main.run("sweep", "--resume", out.toString()));
        String markdown = Files.readString(out.resolve("report.md"));
        assertEquals(0, code, markdown);
        assertTrue(markdown.contains("| run | `seed` | `training.lr` | state | steps | final fit | best encoder |"),
                markdown);
        for (String row : List.of("| g01 | 1 | 0.0003 | finished | 6 |", "| g02 | 2 | 0.0003 | finished | 6 |")) {
            assertTrue(markdown.contains(row), row + "\n" + markdown);
        }
        assertTrue(markdown.contains("(resumed: bml sweep --resume "), markdown);
        assertArrayEquals(firstHome, Files.readAllBytes(out.resolve("runs/g01/home.json")),
                "the run that was home before the crash was not run again");
        assertTrue(Files.readString(out.resolve("runs/g02/config.conf")).contains("seed=2"));
        assertTrue(Files.readString(out.resolve("runs/g02/config.conf")).contains("threads=1\n"),
                "a thread count the settings name is kept, whatever the worker's share of the cores");
        assertTrue(Files.exists(out.resolve("knn-per-layer.png")));
        assertTrue(Files.exists(out.resolve("best-encoder-over-steps.png")));
    }

    @Test
    void badClusterInputExitsWithTwoBeforeAnythingStarts() {
        assertEquals(2, Main.run("worker", "--secret-file", tmp.resolve("none").toString()));
        assertTrue(err.toString().contains("--join"), err.toString());
        assertEquals(2, Main.run("sweep", "--out", tmp.resolve("a").toString(), "--grid", "training.lrr=[1]"));
        assertTrue(err.toString().contains("training.lrr"), err.toString());
        assertEquals(2, Main.run("sweep", "--out", tmp.resolve("b").toString()));
        assertTrue(err.toString().contains("at least one --grid"), err.toString());
        assertEquals(2, Main.run("reproduce", "--out", tmp.resolve("c").toString(), "--workers", "2",
                "--set", "cluster.host=0.0.0.0"));
        assertTrue(err.toString().contains("cluster.tls.key-store"), err.toString());
        assertFalse(Files.exists(tmp.resolve("a")) || Files.exists(tmp.resolve("b")) || Files.exists(tmp.resolve("c")),
                "nothing was created");
    }
}
