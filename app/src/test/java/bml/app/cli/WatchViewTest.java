package bml.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bml.actors.MetricsHub;
import bml.actors.TrainerReport;
import bml.actors.queue.Queues;
import bml.config.RollCycleName;
import bml.config.Weighting;
import bml.probing.LayerAccuracy;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunJson;
import bml.runfiles.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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

/** {@code bml watch}'s view of what the real metrics hub writes to the metrics queue, line for line. */
@ExtendWith(LogCapturingExtension.class)
class WatchViewTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @TempDir
    Path tmp;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void showsProgressEachProbesTableConfigChangesAndTheEnd() throws Exception {
        RunDirectory runDir = new RunDirectory(tmp.resolve("run"));
        runDir.create();
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        Locale locale = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
        try (ChronicleQueue queue = Queues.open(runDir.metricsQueue(), RollCycleName.FAST_HOURLY)) {
            ActorRef<MetricsHub.Command> hub = testKit.spawn(MetricsHub.create(new MetricsHub.Setup(runDir, queue,
                    false, 2, Duration.ofHours(1), new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8))));
            hub.tell(new MetricsHub.ProbeFinished(0, List.of(new LayerAccuracy("input", 0.2, 20, Weighting.MAJORITY),
                    new LayerAccuracy("b4", 0.15, 20, Weighting.MAJORITY)), 1_000_000L));
            hub.tell(new MetricsHub.TrainStepped(1, 0.75, 0.125, 100.0, 16));
            hub.tell(new MetricsHub.ConfigChanged(1, Map.of("training.lr", List.of("0.001", "5.0E-4")),
                    "PATCH /api/config"));
            hub.tell(new MetricsHub.TrainStepped(2, 0.5, 0.25, 99.6, 32));
            hub.tell(new MetricsHub.ProbeFinished(2, List.of(new LayerAccuracy("input", 0.2, 20, Weighting.MAJORITY),
                    new LayerAccuracy("b4", 0.4, 20, Weighting.MAJORITY)), 1_000_000L));
            TestProbe<Done> done = testKit.createTestProbe();
            hub.tell(new MetricsHub.Finish(RunStatus.finished(),
                    new TrainerReport(2, 32, 1_000_000_000L, 0, 500_000_000L, 31, ""), 0, done.getRef()));
            done.expectMessage(Duration.ofSeconds(10), Done.getInstance());

            // As WatchCommand reads a run directory: every line of the queue, until the view says the run ended.
            WatchView view = new WatchView(new PrintStream(shown, true, StandardCharsets.UTF_8), 0);
            try (ExcerptTailer tailer = queue.createTailer()) {
                for (String line = tailer.readText(); line != null; line = tailer.readText()) {
                    if (!view.show(RunJson.metric(line))) {
                        break;
                    }
                }
            }
        } finally {
            Locale.setDefault(locale);
        }
        assertEquals("""
                k-NN at step 0:  input 0.200  b4 0.150
                step 1  loss 0.7500  train_acc 0.125  samples/s 100
                config changed at step 1 (PATCH /api/config): {"training.lr":{"old":"0.001","new":"5.0E-4"}}
                step 2  loss 0.5000  train_acc 0.250  samples/s 100
                k-NN at step 2:  input 0.200  b4 0.400
                run finished at step 2
                """, shown.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
