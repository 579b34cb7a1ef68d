package bml.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The terminal view of {@code bml watch}: a progress line at most every {@code everyMillis}, the per-layer k-NN
 * table of each probe once it is complete, every config change, and the end of the run.
 */
final class WatchView {
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
    boolean show(JsonNode record) {
        String type = record.path("type").asText();
        long step = record.path("step").asLong();
        if (!type.equals("probe")) {
            flushProbe();
        }
        switch (type) {
            case "train" -> {
                long now = System.currentTimeMillis();
                if (now - lastPrint >= everyMillis) {
                    lastPrint = now;
                    out.printf("step %d  loss %.4f  train_acc %.3f  samples/s %.0f%n", step,
                            record.path("loss").asDouble(), record.path("train_acc").asDouble(),
                            record.path("samples_per_s").asDouble());
                }
            }
            case "probe" -> {
                if (step != probeStep) {
                    flushProbe();
                    probeStep = step;
                }
                probeLayers.put(record.path("layer").asText(), record.path("knn_acc").asDouble());
            }
            case "config" -> out.printf("config changed at step %d (%s): %s%n", step, record.path("origin").asText(),
                    record.path("changes"));
            case "end" -> {
                out.printf("run %s at step %d%n", record.path("status").asText(), step);
                return false;
            }
            default -> { }
        }
        return true;
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
