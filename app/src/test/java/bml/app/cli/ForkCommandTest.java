package bml.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.runfiles.ConfigRecord;
import bml.runfiles.FitRecord;
import bml.runfiles.ForkRecord;
import bml.runfiles.MetricRecord;
import bml.runfiles.ProbeRecord;
import bml.runfiles.RunJson;
import bml.runfiles.TrainRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bml fork}: a fork without changes trains on its parent's batches after the step and writes its parent's
 * metrics bit for bit; a fork with a changed learning rate records its parent and the change; what cannot be forked
 * is refused with the reason.
 */
class ForkCommandTest {
    /** Two augmentation workers, so the queue's order is not the stream's: the trainer must restore it. */
    private static final String[] PARENT = {"training.steps=40", "probe.every=10", "training.checkpoint-every=10",
            "training.checkpoint-keep-last=10", "augmentation.workers=2", "http.enabled=false"};
    private static final long AT = 20;

    @TempDir
    static Path tmp;

    private static Path parent;

    @BeforeAll
    static void runTheParent() {
        parent = tmp.resolve("parent");
        assertEquals(0, Main.run(TinyRun.args("run", parent, PARENT)));
    }

    @Test
    void aForkWithoutChangesWritesItsParentsMetricsAfterTheStepBitForBit() throws IOException {
        Path fork = tmp.resolve("same");
        assertEquals(0, Main.run("fork", parent.toString(), "--at", Long.toString(AT), "--run-dir", fork.toString()));

        Map<String, Double> parentValues = valuesAfter(parent, AT);
        Map<String, Double> forkValues = valuesAfter(fork, AT);
        // Loss and accuracy of steps 21-40 in both. A probe that finds every slot busy waits, and a newer snapshot
        // replaces it: which steps between the fork and the end are probed depends on timing in both runs, what a
        // probe of a step measures does not.
        for (Map<String, Double> values : List.of(parentValues, forkValues)) {
            assertEquals(20 * 2, values.keySet().stream().filter(k -> k.startsWith("train")).count());
            assertTrue(values.containsKey("probe 40 b4") && values.containsKey("fit 40"), values.keySet().toString());
        }
        parentValues.keySet().retainAll(forkValues.keySet());
        forkValues.keySet().retainAll(parentValues.keySet());
        assertEquals(parentValues, forkValues);

        ForkRecord record = ForkRecord.read(fork).orElseThrow();
        assertEquals("../parent", record.parent());
        assertEquals(AT, record.step());
        assertEquals(Map.of(), record.changes());
    }

    @Test
    void aForkWithAChangedLearningRateRecordsItsParentAndTheChangeAndTrainsDifferently() throws IOException {
        Path fork = tmp.resolve("lr");
        assertEquals(0, Main.run("fork", parent.toString(), "--at", Long.toString(AT), "--set", "training.lr=0.01",
                "--run-dir", fork.toString()));

        ForkRecord record = ForkRecord.read(fork).orElseThrow();
        assertEquals(AT, record.step());
        assertEquals(Map.of("training.lr", new ConfigRecord.Change("0.001", "0.01")), record.changes());
        assertTrue(Files.readString(fork.resolve("config.conf")).contains("lr=0.01"));
        Map<String, Double> parentValues = valuesAfter(parent, AT);
        Map<String, Double> forkValues = valuesAfter(fork, AT);
        assertEquals(parentValues.get("train 21 loss"), forkValues.get("train 21 loss"),
                "step 21's loss is measured before its update: the same batch on the same weights");
        assertNotEquals(parentValues.get("train 40 loss"), forkValues.get("train 40 loss"));
    }

    @Test
    void aFrozenKeyOrAStepWithoutACheckpointIsRefusedAndNothingIsCreated() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Path frozen = tmp.resolve("frozen");
            assertEquals(2, Main.run("fork", parent.toString(), "--at", "20", "--set", "model.width=8",
                    "--run-dir", frozen.toString()));
            assertFalse(Files.exists(frozen), "no run directory for a refused fork");
            Path missing = tmp.resolve("missing");
            assertEquals(2, Main.run("fork", parent.toString(), "--at", "25", "--run-dir", missing.toString()));
            assertFalse(Files.exists(missing));
        } finally {
            System.setErr(err);
        }
        String messages = captured.toString(StandardCharsets.UTF_8);
        assertTrue(messages.contains("model.width"), messages);
        assertTrue(messages.contains("keeps no checkpoint of step 25; it keeps steps [0, 10, 20, 30"), messages);
    }

    /** Every measured value of the records after {@code step} (timings left out), keyed by record, step and field. */
    private static Map<String, Double> valuesAfter(Path run, long step) throws IOException {
        Map<String, Double> values = new TreeMap<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            MetricRecord record = RunJson.metric(line);
            if (record instanceof TrainRecord train && train.step() > step) {
                values.put("train " + train.step() + " loss", train.loss());
                values.put("train " + train.step() + " acc", train.trainAccuracy());
            } else if (record instanceof ProbeRecord probe && probe.step() >= step) {
                values.put("probe " + probe.step() + " " + probe.layer(), probe.knnAccuracy());
                values.put("probe " + probe.step() + " " + probe.layer() + " ci", probe.knnCiLow() + probe.knnCiHigh());
            } else if (record instanceof FitRecord fit && fit.step() >= step) {
                values.put("fit " + fit.step(), fit.cleanFit());
            }
        }
        return values;
    }
}
