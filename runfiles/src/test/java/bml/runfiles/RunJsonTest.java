package bml.runfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.Weighting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON of every run file type, byte for byte as bml wrote it before the records existed (each literal below was
 * printed by the writer of commit d60684f): a renamed key, a reordered field or a changed value spelling fails here.
 */
class RunJsonTest {

    @TempDir
    Path dir;

    private static void roundTrips(String line, MetricRecord record) {
        assertEquals(record, RunJson.metric(line), "read");
        assertEquals(line, RunJson.line(record), "written");
        assertEquals(record.type(), line.substring(9, line.indexOf('"', 9)), "type() names the JSON type");
    }

    @Test
    void trainRecord() {
        roundTrips("{\"type\":\"train\",\"step\":12,\"time_s\":41.235,\"loss\":0.0871234,\"train_acc\":0.1953125,"
                + "\"samples_per_s\":873.457}", new TrainRecord(12, 41.235, 0.0871234, 0.1953125, 873.457));
    }

    @Test
    void trainRecordWithoutAFiniteLossKeepsNaNAsAString() {
        String line = "{\"type\":\"train\",\"step\":0,\"time_s\":0.0,\"loss\":\"NaN\",\"train_acc\":\"NaN\","
                + "\"samples_per_s\":0.0}";
        TrainRecord read = (TrainRecord) RunJson.metric(line);
        assertTrue(Double.isNaN(read.loss()) && Double.isNaN(read.trainAccuracy()), read.toString());
        assertEquals(line, RunJson.line(read));
    }

    @Test
    void probeRecord() {
        roundTrips("{\"type\":\"probe\",\"step\":250,\"time_s\":44.5,\"layer\":\"b4\",\"knn_acc\":0.477,\"k\":20,"
                        + "\"weighting\":\"majority\",\"snapshot_step\":250,\"probe_s\":3.142,"
                        + "\"knn_ci_low\":0.455,\"knn_ci_high\":0.499}",
                new ProbeRecord(250, 44.5, "b4", 0.477, 20, Weighting.MAJORITY, 250, 3.142, 0.455, 0.499));
    }

    @Test
    void viewsRecord() {
        roundTrips("{\"type\":\"views\",\"step\":250,\"time_s\":45.0,\"produced\":32000,\"views_per_s\":881.235,"
                + "\"queue_lag\":96}", new ViewsRecord(250, 45.0, 32000, 881.235, 96));
    }

    @Test
    void configRecordKeepsTheChangesInOrder() {
        Map<String, ConfigRecord.Change> changes = new LinkedHashMap<>();
        changes.put("augmentation.pipeline", new ConfigRecord.Change("\"full\"", "\"none\""));
        changes.put("training.lr", new ConfigRecord.Change("0.001", "5.0E-4"));
        roundTrips("{\"type\":\"config\",\"step\":300,\"time_s\":50.0,\"origin\":\"PATCH /api/config\","
                        + "\"changes\":{\"augmentation.pipeline\":{\"old\":\"\\\"full\\\"\",\"new\":\"\\\"none\\\"\"},"
                        + "\"training.lr\":{\"old\":\"0.001\",\"new\":\"5.0E-4\"}}}",
                new ConfigRecord(300, 50.0, "PATCH /api/config", changes));
    }

    @Test
    void probeFailedRecord() {
        roundTrips("{\"type\":\"probe_failed\",\"step\":500,\"time_s\":60.0,\"message\":\"out of memory\"}",
                new ProbeFailedRecord(500, 60.0, "out of memory"));
    }

    @Test
    void endRecord() {
        roundTrips("{\"type\":\"end\",\"step\":1750,\"time_s\":259.0,\"message\":\"finished\",\"status\":\"finished\"}",
                EndRecord.of(1750, 259.0, EndState.FINISHED));
    }

    @Test
    void aRecordMissingAFieldIsRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunJson.metric(
                "{\"type\":\"train\",\"step\":3,\"time_s\":1.0,\"loss\":0.5,\"samples_per_s\":10.0}"));
        assertTrue(e.getMessage().contains("train_acc"), e.getMessage());
    }

    @Test
    void anUnknownTypeOrSettingNameIsRejectedNamingIt() {
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> RunJson.metric("{\"type\":\"trian\",\"step\":3,\"time_s\":1.0}"));
        assertTrue(type.getMessage().contains("trian"), type.getMessage());
        IllegalArgumentException weighting = assertThrows(IllegalArgumentException.class, () -> RunJson.metric(
                "{\"type\":\"probe\",\"step\":250,\"time_s\":44.5,\"layer\":\"b4\",\"knn_acc\":0.477,\"k\":20,"
                        + "\"weighting\":\"MAJORITY\",\"snapshot_step\":250,\"probe_s\":3.142}"));
        assertTrue(weighting.getMessage().contains("majority, temperature"), weighting.getMessage());
    }

    @Test
    void notJsonIsRejectedQuotingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunJson.metric("{\"type\":"));
        assertTrue(e.getMessage().startsWith("not a bml metric record"), e.getMessage());
        assertTrue(e.getMessage().endsWith("{\"type\":"), e.getMessage());
    }

    private static final String FAILED_SUMMARY = """
            {
              "status" : "failed",
              "error" : "boom",
              "steps" : 1750,
              "final_train_acc" : 0.198,
              "final_train_acc_note" : "mean batch accuracy on the random labels over the last 50 steps",
              "final_loss" : 0.0877,
              "knn" : {
                "initial_step" : 0,
                "final_step" : 1750,
                "layers" : [ {
                  "layer" : "input",
                  "step0" : 0.2,
                  "final" : 0.2,
                  "change" : 0.0
                }, {
                  "layer" : "b4",
                  "step0" : 0.177,
                  "final" : 0.477,
                  "change" : 0.3
                } ]
              },
              "throughput" : {
                "wall_s" : 259.123,
                "views_produced" : 228000,
                "views_per_s" : 879.889,
                "trainer_samples" : 224000,
                "trainer_samples_per_s" : 875.0,
                "trainer_step_samples_per_s" : 896.0,
                "trainer_wait_fraction" : 0.004
              },
              "probes" : {
                "completed" : 8,
                "failed" : 1,
                "coalesced" : 2
              },
              "checkpoint" : "/r/checkpoints/checkpoint.bin",
              "queue_last_read_index" : 223999
            }""";

    static final RunSummary FAILED = new RunSummary(EndState.FAILED, "boom", 1750, 0.198,
            RunSummary.FINAL_TRAIN_ACC_NOTE, 0.0877,
            new RunSummary.Knn(0, 1750, List.of(new RunSummary.LayerRow("input", 0.2, 0.2, 0.0),
                    new RunSummary.LayerRow("b4", 0.177, 0.477, 0.3))),
            new RunSummary.Throughput(259.123, 228000, 879.889, 224000, 875.0, 896.0, 0.004),
            new RunSummary.Probes(8, 1, 2), "/r/checkpoints/checkpoint.bin", 223999);

    @Test
    void summaryRoundTripsThroughItsFile() throws IOException {
        assertEquals(FAILED_SUMMARY, RunJson.summaryText(FAILED));
        Path file = dir.resolve(RunDirectory.SUMMARY_JSON);
        RunJson.writeSummary(file, FAILED);
        assertEquals(FAILED_SUMMARY, Files.readString(file));
        assertEquals(FAILED, RunJson.readSummary(file));
    }

    /** No error, no step-0 probe, nothing trained: the absent keys stay absent and NaN stays a string. */
    @Test
    void summaryOfARunStoppedBeforeItsFirstStepLeavesOutWhatItDoesNotKnow() throws IOException {
        String text = """
                {
                  "status" : "stopped",
                  "steps" : 0,
                  "final_train_acc" : "NaN",
                  "final_train_acc_note" : "mean batch accuracy on the random labels over the last 50 steps",
                  "final_loss" : "NaN",
                  "knn" : {
                    "initial_step" : -1,
                    "final_step" : 500,
                    "layers" : [ {
                      "layer" : "b4",
                      "final" : 0.3
                    } ]
                  },
                  "throughput" : {
                    "wall_s" : 1.5,
                    "views_produced" : 0,
                    "views_per_s" : 0.0,
                    "trainer_samples" : 0,
                    "trainer_samples_per_s" : 0.0,
                    "trainer_step_samples_per_s" : 0.0,
                    "trainer_wait_fraction" : 0.0
                  },
                  "probes" : {
                    "completed" : 0,
                    "failed" : 0,
                    "coalesced" : 0
                  },
                  "checkpoint" : "",
                  "queue_last_read_index" : -1
                }""";
        RunSummary stopped = new RunSummary(EndState.STOPPED, null, 0, Double.NaN, RunSummary.FINAL_TRAIN_ACC_NOTE,
                Double.NaN, new RunSummary.Knn(-1, 500, List.of(new RunSummary.LayerRow("b4", null, 0.3, null))),
                new RunSummary.Throughput(1.5, 0, 0.0, 0, 0.0, 0.0, 0.0), new RunSummary.Probes(0, 0, 0), "", -1);
        assertEquals(text, RunJson.summaryText(stopped));
        Path file = dir.resolve(RunDirectory.SUMMARY_JSON);
        Files.writeString(file, text);
        RunSummary read = RunJson.readSummary(file);
        assertEquals(stopped, read);
        assertTrue(Double.isNaN(read.finalLoss()) && read.knn().layers().get(0).step0() == null, read.toString());
    }

    @Test
    void anUnreadableSummaryNamesTheFile() throws IOException {
        Path file = dir.resolve(RunDirectory.SUMMARY_JSON);
        Files.writeString(file, "{\"status\":\"done\"}");
        IOException e = assertThrows(IOException.class, () -> RunJson.readSummary(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("done"), e.getMessage());
    }

    @Test
    void runStatusNamesItsEndStateAsTheFilesDo() {
        assertEquals("failed", RunStatus.failed("x").endState().toString());
        assertEquals(EndState.STOPPED, EndState.of("stopped"));
        assertTrue(RunStatus.stopped().succeeded());
        assertThrows(IllegalArgumentException.class, () -> EndState.of("done"));
    }
}
