package bml.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.RollCycleName;
import bml.config.Weighting;
import bml.actors.queue.Queues;
import bml.probing.LayerAccuracy;
import bml.runfiles.BaselineRecord;
import bml.runfiles.ConfigRecord;
import bml.runfiles.FitRecord;
import bml.runfiles.EndRecord;
import bml.runfiles.EndState;
import bml.runfiles.MetricRecord;
import bml.runfiles.ProbeFailedRecord;
import bml.runfiles.ProbeRecord;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunJson;
import bml.runfiles.RunStatus;
import bml.runfiles.RunSummary;
import bml.runfiles.TrainRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the hub writes is what the typed readers read: {@code metrics.jsonl}, the metrics queue and
 * {@code summary.json} parse back into the records the hub was told about, and a resumed hub rebuilds its state from
 * the queue.
 */
@ExtendWith(LogCapturingExtension.class)
class MetricsHubTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final TrainerReport REPORT = new TrainerReport(3, 48, 1_000_000_000L, 0, 500_000_000L, 47, "");

    @TempDir
    java.nio.file.Path dir;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private ActorRef<MetricsHub.Command> hub(RunDirectory runDir, ChronicleQueue queue, boolean resumed) {
        PrintStream terminal = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return testKit.spawn(MetricsHub.create(new MetricsHub.Setup(runDir, queue, resumed, 3, Duration.ofHours(1),
                terminal)));
    }

    private static void finish(ActorRef<MetricsHub.Command> hub, RunStatus status) {
        TestProbe<Done> done = testKit.createTestProbe();
        hub.tell(new MetricsHub.Finish(status, REPORT, 0, done.getRef()));
        done.expectMessage(Duration.ofSeconds(10), Done.getInstance());
    }

    private static List<MetricRecord> records(RunDirectory runDir) throws Exception {
        List<MetricRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.metrics())) {
            records.add(RunJson.metric(line));
        }
        return records;
    }

    private static List<String> queueLines(ChronicleQueue queue) {
        List<String> lines = new ArrayList<>();
        try (ExcerptTailer tailer = queue.createTailer()) {
            for (String line = tailer.readText(); line != null; line = tailer.readText()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<LayerAccuracy> layers(double input, double b4) {
        return List.of(new LayerAccuracy("input", input, 20, Weighting.MAJORITY),
                new LayerAccuracy("b4", b4, 20, Weighting.MAJORITY));
    }

    @Test
    void everyRecordTheHubWritesReadsBackAsTheRecordItWasToldAbout() throws Exception {
        RunDirectory runDir = new RunDirectory(dir.resolve("run"));
        runDir.create();
        try (ChronicleQueue queue = Queues.open(runDir.metricsQueue(), RollCycleName.FAST_HOURLY)) {
            ActorRef<MetricsHub.Command> hub = hub(runDir, queue, false);
            hub.tell(new MetricsHub.ProbeFinished(0, layers(0.2, 0.15), 2_000_000_000L, 0.1, layers(0.2, 0.25)));
            hub.tell(new MetricsHub.TrainStepped(1, 0.75, 0.125, 99.99949, 16));
            hub.tell(new MetricsHub.TrainStepped(2, 0.5, 0.25, 100.0, 32));
            hub.tell(new MetricsHub.ConfigChanged(2, Map.of("training.lr", List.of("0.001", "5.0E-4")),
                    "PATCH /api/config"));
            hub.tell(new MetricsHub.ProbeFinished(2, layers(0.2, 0.4), 1_000_000L, 0.75, List.of()));
            hub.tell(new MetricsHub.ProbeFailed(3, "out of memory"));
            finish(hub, RunStatus.finished());

            List<MetricRecord> records = records(runDir);
            assertEquals(List.of("probe", "probe", "baseline", "baseline", "fit", "train", "train", "config", "probe",
                            "probe", "fit", "probe_failed", "end"),
                    records.stream().map(MetricRecord::type).toList());
            ProbeRecord first = (ProbeRecord) records.get(0);
            assertEquals(new ProbeRecord(0, first.timeSeconds(), "input", 0.2, 20, Weighting.MAJORITY, 0, 2.0,
                            Double.NaN, Double.NaN),
                    first);
            BaselineRecord calibrated = (BaselineRecord) records.get(3);
            assertEquals(new BaselineRecord(0, calibrated.timeSeconds(), "b4", 0.25,
                            BaselineRecord.BN_RECALIBRATED, Double.NaN, Double.NaN),
                    calibrated);
            FitRecord untrained = (FitRecord) records.get(4);
            assertEquals(0.1, untrained.cleanFit());
            assertTrue(Double.isNaN(untrained.viewsFit()), "no step trained yet: no views fit");
            TrainRecord train = (TrainRecord) records.get(5);
            assertEquals(new TrainRecord(1, train.timeSeconds(), 0.75, 0.125, 99.999), train, "rates are rounded");
            ConfigRecord config = (ConfigRecord) records.get(7);
            assertEquals(Map.of("training.lr", new ConfigRecord.Change("0.001", "5.0E-4")), config.changes());
            assertEquals("PATCH /api/config", config.origin());
            FitRecord trained = (FitRecord) records.get(10);
            assertEquals(0.75, trained.cleanFit());
            assertEquals((0.125 + 0.25) / 2, trained.viewsFit(), 1e-12, "views fit: mean batch accuracy of the steps");
            assertEquals("out of memory", ((ProbeFailedRecord) records.get(11)).message());
            EndRecord end = (EndRecord) records.get(12);
            assertEquals(EndRecord.of(2, end.timeSeconds(), EndState.FINISHED), end);
            assertEquals(Files.readAllLines(runDir.metrics()), queueLines(queue), "the queue holds the same lines");

            RunSummary summary = RunJson.readSummary(runDir.summary());
            assertEquals(EndState.FINISHED, summary.status());
            assertEquals(List.of(new RunSummary.LayerRow("input", 0.2, 0.2, 0.2, 0.0),
                    new RunSummary.LayerRow("b4", 0.15, 0.25, 0.4, 0.4 - 0.15)), summary.knn().layers());
            assertEquals(0.75, summary.finalCleanFit(), "the clean fit of the last probe");
            assertEquals(new RunSummary.Probes(2, 1, 0), summary.probes());
            assertEquals(3, summary.steps());
        }
    }

    /**
     * A full disk under {@code metrics.jsonl} ({@code /dev/full}: every write fails with ENOSPC, as on a full disk) and a
     * TensorBoard directory that cannot be made (its parent is a file): the hub goes on, every record reaches the
     * metrics queue (the record of truth a resume rebuilds the file from), and the run still ends with its summary.
     */
    @Test
    void aFullDiskUnderTheMetricsFileLosesNoRecordAndNeverStopsTheHub() throws Exception {
        Path devFull = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devFull), "needs Linux's /dev/full");
        RunDirectory runDir = new RunDirectory(dir.resolve("run"));
        runDir.create();
        Files.createSymbolicLink(runDir.metrics(), devFull);
        try (ChronicleQueue queue = Queues.open(runDir.metricsQueue(), RollCycleName.FAST_HOURLY)) {
            PrintStream terminal = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            Path notADirectory = Files.writeString(dir.resolve("a-file"), "");
            ActorRef<MetricsHub.Command> hub = testKit.spawn(MetricsHub.create(new MetricsHub.Setup(runDir, queue,
                    false, 3, Duration.ofHours(1), terminal, notADirectory.resolve("tensorboard"))));
            // Enough records that the hub's 64 KiB buffer is flushed, and fails, several times over.
            for (int step = 1; step <= 3_000; step++) {
                hub.tell(new MetricsHub.TrainStepped(step, 0.5, 0.25, 100.0, 16L * step));
            }
            hub.tell(new MetricsHub.ProbeFinished(3_000, layers(0.2, 0.4), 1_000_000L, 0.75, List.of()));
            TestProbe<RunControl.Status> status = testKit.createTestProbe();
            hub.tell(new MetricsHub.StatusRequest(RunState.RUNNING, 3, "{}", status.getRef()));
            assertEquals(3_000, status.receiveMessage(Duration.ofSeconds(30)).step(), "the hub still answers");
            finish(hub, RunStatus.finished());
            List<String> lines = queueLines(queue);
            assertEquals(3_000 + 2 + 1 + 1, lines.size(), "every train, probe, fit and end record is in the queue");
            assertEquals(EndState.FINISHED, RunJson.readSummary(runDir.summary()).status());
        }
    }

    /** A resume replays the steps after its checkpoint: the hub rebuilds from the queue and records each step once. */
    @Test
    void aResumedHubRestoresFromTheQueueAndRecordsEachStepOnce() throws Exception {
        RunDirectory runDir = new RunDirectory(dir.resolve("resumed"));
        runDir.create();
        try (ChronicleQueue queue = Queues.open(runDir.metricsQueue(), RollCycleName.FAST_HOURLY)) {
            ActorRef<MetricsHub.Command> before = hub(runDir, queue, false);
            before.tell(new MetricsHub.ProbeFinished(0, layers(0.2, 0.15), 1_000_000L));
            before.tell(new MetricsHub.TrainStepped(1, 0.75, 0.125, 100.0, 16));
            before.tell(new MetricsHub.TrainStepped(2, 0.5, 0.25, 100.0, 32));
            finish(before, RunStatus.stopped());
            // A crash may leave the file a half line short; the queue is the record of truth.
            Files.writeString(runDir.metrics(), "{\"type\":\"tra");

            ActorRef<MetricsHub.Command> after = hub(runDir, queue, true);
            after.tell(new MetricsHub.TrainStepped(2, 0.5, 0.25, 100.0, 32));
            after.tell(new MetricsHub.TrainStepped(3, 0.25, 0.5, 100.0, 48));
            after.tell(new MetricsHub.ProbeFinished(0, layers(0.2, 0.15), 1_000_000L));
            after.tell(new MetricsHub.ProbeFinished(3, layers(0.2, 0.45), 1_000_000L));
            finish(after, RunStatus.finished());

            List<Long> trainSteps = records(runDir).stream().filter(r -> r instanceof TrainRecord)
                    .map(MetricRecord::step).toList();
            assertEquals(List.of(1L, 2L, 3L), trainSteps);
            long step0Probes = records(runDir).stream()
                    .filter(r -> r instanceof ProbeRecord p && p.step() == 0).count();
            assertEquals(2, step0Probes, "the step-0 probe is not recorded twice");
            RunSummary summary = RunJson.readSummary(runDir.summary());
            assertEquals(0, summary.knn().initialStep(), "the step-0 baseline survives the resume");
            assertEquals(List.of(new RunSummary.LayerRow("input", 0.2, 0.2, 0.0),
                    new RunSummary.LayerRow("b4", 0.15, 0.45, 0.45 - 0.15)), summary.knn().layers());
            assertTrue(Double.isFinite(summary.finalTrainAccuracy()));
        }
    }
}
