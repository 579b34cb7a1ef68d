package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.Weighting;
import bml.runfiles.CheckpointRetention;
import bml.runfiles.EndRecord;
import bml.runfiles.EndState;
import bml.runfiles.ProbeRecord;
import bml.runfiles.RecordedSteps;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunJson;
import bml.runfiles.TrainRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which checkpoint of a training run is copied home: the newest kept one the metrics cover, never past a due probe
 * still on its way, and what a continuation needs comes with it.
 */
class CheckpointCopyTest {
    @TempDir
    Path tmp;

    private RunDirectory run(String name, List<Long> checkpointSteps, long trainedTo, List<Long> probed)
            throws IOException {
        return trainingRun(tmp.resolve(name), checkpointSteps, trainedTo, probed);
    }

    /**
     * A run directory as a run training with probes every 50 steps leaves it: step checkpoints of
     * {@code checkpointSteps}, train records of steps 1 to {@code trainedTo}, probe records of {@code probed}, and
     * the next train record caught halfway.
     */
    static RunDirectory trainingRun(Path dir, List<Long> checkpointSteps, long trainedTo, List<Long> probed)
            throws IOException {
        RunDirectory run = new RunDirectory(dir);
        Path steps = run.checkpoint().getParent();
        Files.createDirectories(steps);
        for (long step : checkpointSteps) {
            Files.writeString(CheckpointRetention.file(steps, step), "checkpoint " + step);
        }
        StringBuilder metrics = new StringBuilder();
        for (long step = 1; step <= trainedTo; step++) {
            metrics.append(RunJson.line(new TrainRecord(step, step, 1.0, 0.5, 100))).append('\n');
            if (probed.contains(step)) {
                metrics.append(probe(step)).append('\n');
            }
        }
        if (probed.contains(0L)) {
            metrics.insert(0, probe(0) + "\n");
        }
        Files.writeString(run.metrics(), metrics + "{\"type\":\"train\",\"st"); // a write caught halfway
        return run;
    }

    private static String probe(long step) {
        return RunJson.line(new ProbeRecord(step, step, "b1", 0.5, 20, Weighting.MAJORITY, step, 0.1, Double.NaN,
                Double.NaN));
    }

    private Optional<CheckpointCopy.Staged> stage(RunDirectory run, long after, int probeSlots) throws IOException {
        return CheckpointCopy.stage(run, new MetricsTail(run.metrics()), after, 50, probeSlots,
                tmp.resolve("outgoing").resolve(run.root().getFileName()));
    }

    @Test
    void theNewestCheckpointTheMetricsCoverComesWithTheMetrics() throws IOException {
        RunDirectory run = run("covered", List.of(0L, 20L, 40L, 60L), 47, List.of(0L));
        CheckpointCopy.Staged staged = stage(run, 0, 1).orElseThrow();
        assertEquals(40, staged.step(), "step 60 is not covered by train records yet");
        assertEquals(List.of("metrics.jsonl", ResultFiles.CHECKPOINT),
                staged.files().stream().map(FileEntry::name).toList());
        assertArrayEquals(Files.readAllBytes(CheckpointRetention.file(run.checkpoint().getParent(), 40)),
                Files.readAllBytes(staged.dir().resolve(ResultFiles.CHECKPOINT)));
        String metrics = Files.readString(staged.dir().resolve("metrics.jsonl"));
        assertTrue(metrics.endsWith("}\n") && metrics.contains("\"step\":47"), "whole lines only: " + metrics);

        assertEquals(Optional.empty(), stage(run, 40, 1), "nothing newer than the copy already home");
    }

    @Test
    void oneTailFollowsTheMetricsFromOneCopyToTheNext() throws IOException {
        RunDirectory run = run("growing", List.of(0L, 20L, 40L), 30, List.of(0L));
        MetricsTail tail = new MetricsTail(run.metrics());
        Path staging = tmp.resolve("outgoing/growing");
        assertEquals(20, CheckpointCopy.stage(run, tail, 0, 50, 1, staging).orElseThrow().step());
        String written = Files.readString(run.metrics()); // ends in the start of a train line
        StringBuilder more = new StringBuilder(written.substring(0, written.lastIndexOf('\n') + 1));
        for (long step = 31; step <= 45; step++) {
            more.append(RunJson.line(new TrainRecord(step, step, 1.0, 0.5, 100))).append('\n');
        }
        // The hub finishes the line it was writing and appends more.
        Files.writeString(run.metrics(), more.substring(written.length()), StandardOpenOption.APPEND);
        CheckpointCopy.Staged next = CheckpointCopy.stage(run, tail, 20, 50, 1, staging).orElseThrow();
        assertEquals(40, next.step());
        assertEquals(more.toString(), Files.readString(next.dir().resolve("metrics.jsonl")), "every line up to now");
    }

    @Test
    void aDueProbeStillOnItsWayHoldsTheCopyAtOrBeforeItsStep() throws IOException {
        // Trained to 75, the probe of 50 not recorded: it may still be measuring, and only a continuation from
        // step 50 itself would measure it again.
        RunDirectory run = run("probe-at-50", List.of(0L, 20L, 40L, 50L, 60L), 75, List.of(0L));
        assertEquals(50, stage(run, 0, 1).orElseThrow().step());
        RunDirectory noCheckpointAtTheProbe = run("no-checkpoint-at-50", List.of(0L, 20L, 40L, 60L), 75, List.of(0L));
        assertEquals(40, stage(noCheckpointAtTheProbe, 0, 1).orElseThrow().step());
    }

    @Test
    void withOneProbeSlotAProbeSkippedForALaterOneDoesNotHoldTheCopy() throws IOException {
        // The probe of 100 is recorded and that of 50 is not: one slot measures in step order, so 50 was coalesced.
        RunDirectory run = run("coalesced", List.of(0L, 60L, 80L, 100L, 120L), 130, List.of(0L, 100L));
        assertEquals(120, stage(run, 0, 1).orElseThrow().step());
        assertEquals(50, recorded(run).continuableUpTo(50, false),
                "with two slots the probe of 50 may still be measuring");
    }

    @Test
    void anEndedRunCopiesNothing() throws IOException {
        RunDirectory run = run("ended", List.of(0L, 20L), 30, List.of(0L));
        Files.writeString(run.metrics(), Files.readString(run.metrics()).replaceAll("\\{\"type\":\"train\",\"st$", "")
                + RunJson.line(new EndRecord(30, 30, "done", EndState.FINISHED)) + "\n");
        assertEquals(Optional.empty(), stage(run, 0, 1));
    }

    private static RecordedSteps recorded(RunDirectory run) throws IOException {
        RecordedSteps recorded = new RecordedSteps();
        String text = new String(Files.readAllBytes(run.metrics()), StandardCharsets.UTF_8);
        text.substring(0, text.lastIndexOf('\n') + 1).lines().forEach(recorded::accept);
        return recorded;
    }
}
