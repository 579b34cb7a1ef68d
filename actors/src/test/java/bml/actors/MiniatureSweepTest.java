package bml.actors;

import bml.reproduce.Budget;
import bml.reproduce.Condition;
import bml.reproduce.Conditions;
import bml.reproduce.DataCache;
import bml.reproduce.PlannedRun;
import bml.reproduce.ReportHeader;
import bml.reproduce.RunRecord;
import bml.reproduce.SweepOutcome;
import bml.reproduce.SweepPlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.BmlSettings;
import bml.config.DataSettings;
import bml.config.DataSource;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep of tiny runs through the real actors, queues, trainer and probes. */
class MiniatureSweepTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** Seconds-long runs: 64 shapes, a width-4 CNN with a 16-wide head, 20 steps of batch 8, probes at 0, 10, 20. */
    static final Budget TINY = new Budget("tiny", "a test budget", "shapes",
            List.of("data.train-size=64", "data.test-size=32", "model.width=4", "model.head-width=16",
                    "training.batch-size=8", "training.steps=20", "training.checkpoint-every=0", "training.threads=1",
                    "probe.every=10",
                    "probe.bank-size=64", "probe.query-size=32", "augmentation.batch-views=8", "queue.max-lag=64",
                    "run.progress-seconds=5"),
            List.of(1, 4), List.of(4), List.of(0.0, 1.0), List.of(8, 16));

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private SweepPlan baselinesPlus(PlannedRun extra, List<String> overrides) {
        SweepPlan plan = SweepPlan.create(TINY, "shapes", tmp, Optional.empty(), overrides,
                c -> c.group() == Condition.Group.BASELINES);
        if (extra == null) {
            return plan;
        }
        List<Condition> conditions = new ArrayList<>(plan.conditions());
        conditions.addAll(extra.conditions());
        List<PlannedRun> runs = new ArrayList<>(plan.runs());
        runs.add(extra);
        return new SweepPlan(plan.budget(), plan.data(), plan.outDir(), plan.base(), conditions, runs);
    }

    /** A run whose data cannot load: mnist from a directory that does not exist. */
    private PlannedRun missingData() {
        BmlSettings s = SweepPlan.create(TINY, "shapes", tmp, Optional.empty(), List.of(),
                c -> c.id().equals(Conditions.RANDOM_FULL)).runs().get(0).settings();
        BmlSettings broken = new BmlSettings(s.seed(), new DataSettings(DataSource.MNIST, tmp.resolve("missing").toString(),
                64, 32), s.labels(), s.augmentation(), s.model(), s.training(), s.probe(), s.queue(),
                new bml.config.RunSettings(SweepPlan.runDirectory(tmp, "broken").toString(),
                        s.run().progressSeconds()), s.http());
        Condition condition = new Condition("broken", "mnist from a missing directory", Condition.Group.BASELINES,
                Double.NaN, List.of());
        return new PlannedRun("broken", broken, List.of(condition), java.util.Map.of("data.source", "mnist"));
    }

    private ActorSystem<Sweep.Command> start(SweepPlan plan, int concurrency,
                                             CompletableFuture<SweepOutcome> outcome) {
        ReportHeader header = ReportHeader.describe("bml reproduce (test)", tmp, bml.config.DeviceChoice.CPU);
        return ActorSystem.create(Sweep.create(new Sweep.Setup(plan, concurrency, new DataCache(), header,
                new PrintStream(terminal, true, StandardCharsets.UTF_8), outcome)), "bml", ActorSystemConfig.load());
    }

    @Test
    void runsEveryConditionTwoAtATimeReportsTheFailingRunAndGoesOn() throws Exception {
        CompletableFuture<SweepOutcome> outcome = new CompletableFuture<>();
        ActorSystem<Sweep.Command> system = start(baselinesPlus(missingData(), List.of()), 2, outcome);
        system.getWhenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        SweepOutcome result = outcome.get();

        assertEquals(List.of("random-none", "random-full", "true-full", "broken"),
                result.runs().stream().map(r -> r.run().id()).toList());
        assertEquals(List.of(RunRecord.State.FINISHED, RunRecord.State.FINISHED, RunRecord.State.FINISHED,
                        RunRecord.State.FAILED),
                result.runs().stream().map(RunRecord::state).toList(), terminal.toString());
        RunRecord broken = result.runs().get(3);
        assertTrue(broken.error().contains("missing"), broken.error());
        assertFalse(result.allFinished());
        assertFalse(result.stopped());

        ObjectMapper json = new ObjectMapper();
        for (String id : List.of("random-none", "random-full", "true-full")) {
            Path run = SweepPlan.runDirectory(tmp, id);
            assertEquals("finished", json.readTree(run.resolve("summary.json").toFile()).get("status").asText());
            assertTrue(Files.readString(run.resolve("config.conf")).contains("steps=20"));
            assertFalse(Files.exists(run.resolve("queues/views")), "a finished run's views are dropped");
        }
        String markdown = Files.readString(tmp.resolve("report.md"));
        assertTrue(markdown.contains("| broken: mnist from a missing directory | broken | failed |"), markdown);
        assertTrue(markdown.contains("| true-full: true labels, full augmentation | true-full | finished | "));
        for (String claim : List.of("### C1", "### C2", "### C3", "### C4", "### C5")) {
            assertTrue(markdown.contains(claim), claim);
        }
        assertTrue(Files.size(tmp.resolve("report.html")) > Files.size(tmp.resolve("knn-per-layer.png")));
        assertTrue(terminal.toString().contains("[random-full] "), "each run's lines carry its id");
        assertEquals(2, mostAtOnce(terminal.toString()), terminal.toString());
    }

    /** The most runs the sweep's own lines show between a start and an end at the same time. */
    private static int mostAtOnce(String log) {
        int now = 0;
        int most = 0;
        for (String line : log.split("\n")) {
            if (line.startsWith("[sweep] starting run")) {
                most = Math.max(most, ++now);
            } else if (line.matches("\\[sweep\\] run \\S+ (finished|failed|stopped).*")) {
                now--;
            }
        }
        return most;
    }

    @Test
    void stopEndsTheRunningRunCleanlyAndReportsWhatFinished() throws Exception {
        CompletableFuture<SweepOutcome> outcome = new CompletableFuture<>();
        ActorSystem<Sweep.Command> system = start(baselinesPlus(null, List.of("training.steps=0")), 1, outcome);
        Path metrics = SweepPlan.runDirectory(tmp, "random-none").resolve("metrics.jsonl");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!(Files.exists(metrics) && Files.readString(metrics).contains("\"type\":\"train\""))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Done done = AskPattern.<Sweep.Command, Done>ask(system, Sweep.Stop::new, TIMEOUT, system.scheduler())
                .toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(Done.getInstance(), done);
        system.getWhenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        SweepOutcome result = outcome.get();

        assertTrue(result.stopped());
        assertEquals(List.of(RunRecord.State.STOPPED, RunRecord.State.NOT_RUN, RunRecord.State.NOT_RUN),
                result.runs().stream().map(RunRecord::state).toList());
        Path stopped = SweepPlan.runDirectory(tmp, "random-none");
        assertTrue(Files.exists(stopped.resolve("checkpoints/checkpoint.bin")), "stopped with a final checkpoint");
        assertTrue(Files.exists(stopped.resolve("queues/views")), "a stopped run keeps its views for bml resume");
        String markdown = Files.readString(tmp.resolve("report.md"));
        assertTrue(markdown.contains("The sweep was stopped"), markdown);
        assertTrue(markdown.contains("| random-full: random labels, full augmentation, fresh views | random-full | "
                + "not run |"), markdown);
    }
}
