package bml.app;

import bml.config.RollCycleName;
import bml.actors.RunControl;
import bml.actors.queue.ViewRetention;
import bml.runfiles.RunDirectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.RandomLabels;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run of unlimited steps on fresh views keeps a bounded number of view-queue cycle files. */
class ViewRetentionTest {
    @TempDir
    Path tmp;

    @Test
    void consumedCyclesBeforeTheLastCheckpointAreDeletedWhileTheRunGoesOn() throws Exception {
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("data.train-size=64", "data.test-size=16",
                "model.width=4", "model.head-width=16", "training.batch-size=8", "training.steps=0",
                "training.checkpoint-every=4", "probe.every=100000", "probe.bank-size=64", "probe.query-size=16",
                "augmentation.batch-views=8", "queue.max-lag=64", "queue.roll-cycle=TEST_SECONDLY",
                "run.progress-seconds=5", "http.enabled=false"));
        DataSplits data = Datasets.load(settings.data(), settings.seed());
        RandomLabels labels = RandomLabels.draw(data.train(), settings.labels(), 0, settings.seed());
        RunDirectory runDir = new RunDirectory(tmp.resolve("run"));
        runDir.create();
        Experiment experiment = Experiment.start(settings, data, labels, runDir,
                new PrintStream(new ByteArrayOutputStream(), true));
        int most = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        try {
            for (int i = 0; i < 48; i++) {
                Thread.sleep(250);
                List<String> present = cycleNames(runDir.viewsQueue());
                seen.addAll(present);
                most = Math.max(most, present.size());
            }
        } finally {
            experiment.control().tell(new RunControl.Control(RunControl.Action.STOP, experiment.system().ignoreRef()));
            assertTrue(experiment.awaitTermination().succeeded());
        }
        // Without retention every cycle ever written stays; with it, old ones go and the count stays bounded.
        assertTrue(seen.size() > most, "consumed cycles were deleted: saw " + seen.size() + ", at most " + most
                + " at once");
        assertTrue(most <= 8, "a bounded number of cycle files at any time, saw " + most);
        long steps = lastTrainStep(runDir);
        assertTrue(steps > 20, "the run kept training across deletions: " + steps + " steps");
        assertEquals(0, countMatches(runDir.root().resolve("metrics.jsonl"), "\"type\":\"probe_failed\""));
    }

    @Test
    void deletesExactlyTheCyclesBeforeTheCycleOfTheLastReadView() throws Exception {
        Path dir = tmp.resolve("views");
        try (net.openhft.chronicle.queue.ChronicleQueue queue = bml.actors.queue.Queues.open(dir, RollCycleName.TEST_SECONDLY);
             net.openhft.chronicle.queue.ExcerptAppender appender = queue.createAppender()) {
            long[] indexes = new long[3];
            for (int i = 0; i < 3; i++) {
                appender.writeText("view " + i);
                indexes[i] = appender.lastIndexAppended();
                // After view 1, a whole cycle passes without a write: the cycle just before the kept one has no
                // file, as after any pause in a real run.
                Thread.sleep(i == 1 ? 2_200 : 1_100);
            }
            assertEquals(3, cycleFiles(dir));
            assertEquals(2, ViewRetention.deleteBefore(
                    (net.openhft.chronicle.queue.impl.single.SingleChronicleQueue) queue, indexes[2]));
            assertEquals(1, cycleFiles(dir));
            assertEquals(queue.rollCycle().toCycle(indexes[2]),
                    ((net.openhft.chronicle.queue.impl.single.SingleChronicleQueue) queue).firstCycle());
            try (net.openhft.chronicle.queue.ExcerptTailer tailer = queue.createTailer()) {
                assertEquals("view 2", tailer.readText());
            }
        }
    }

    private static List<String> cycleNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".cq4")).toList();
        }
    }

    private static int cycleFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(f -> f.toString().endsWith(".cq4")).count();
        }
    }

    private static long lastTrainStep(RunDirectory runDir) throws IOException {
        return Files.readAllLines(runDir.metrics()).stream().filter(l -> l.contains("\"type\":\"train\"")).count();
    }

    private static long countMatches(Path file, String text) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.contains(text)).count();
    }
}
