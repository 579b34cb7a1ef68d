package bml.app.cli;

import bml.runfiles.ConfigRecord;
import bml.runfiles.EndRecord;
import bml.runfiles.MetricRecord;
import bml.runfiles.ProbeRecord;
import bml.runfiles.TrainRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The terminal view of {@code bml watch}: a progress line at most every {@code everyMillis}, the per-layer k-NN
 * table of each probe once it is complete, every config change, and the end of the run.
 */
final class WatchView {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;
    private final long everyMillis;
    private final Map<String, Double> probeLayers = new LinkedHashMap<>();
    private long probeStep = -1;
    private long lastPrint;

    WatchView(PrintStream out, long everyMillis) {
        this.out = out;
        this.everyMillis = everyMillis;
    }

    /** Shows one metrics record; returns false once the run's end record has been shown. */
    boolean show(MetricRecord record) {
        if (!(record instanceof ProbeRecord)) {
            flushProbe();
        }
        if (record instanceof TrainRecord train) {
            long now = System.currentTimeMillis();
            if (now - lastPrint >= everyMillis) {
                lastPrint = now;
                out.printf("step %d  loss %.4f  train_acc %.3f  samples/s %.0f%n", train.step(), train.loss(),
                        train.trainAccuracy(), train.samplesPerSecond());
            }
        } else if (record instanceof ProbeRecord probe) {
            if (probe.step() != probeStep) {
                flushProbe();
                probeStep = probe.step();
            }
            probeLayers.put(probe.layer(), probe.knnAccuracy());
        } else if (record instanceof ConfigRecord config) {
            out.printf("config changed at step %d (%s): %s%n", config.step(), config.origin(), changes(config));
        } else if (record instanceof EndRecord end) {
            out.printf("run %s at step %d%n", end.status(), end.step());
            return false;
        }
        return true;
    }

    /** The changes as their JSON reads: {@code {"training.lr":{"old":"0.001","new":"5.0E-4"}}}. */
    private static String changes(ConfigRecord config) {
        try {
            return JSON.writeValueAsString(config.changes());
        } catch (JsonProcessingException e) {
            return config.changes().toString();
        }
    }

    private void flushProbe() {
        if (probeLayers.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("k-NN at step " + probeStep + ":");
        probeLayers.forEach((layer, accuracy) -> line.append(String.format("  %s %.3f", layer, accuracy)));
        out.println(line);
        probeLayers.clear();
    }
}
