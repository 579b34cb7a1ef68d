package bml.reproduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a run directory's {@code summary.json} and {@code metrics.jsonl} as a finished bml run leaves them. */
final class SyntheticRunFiles {
    private static final List<String> LAYERS = SyntheticResults.LAYERS;

    private SyntheticRunFiles() {}

    /**
     * A finished run of {@code steps} steps probed every {@code every}: training accuracy climbs linearly to
     * {@code fit}, the best encoder layer (b4) from {@code step0} to {@code end}, logits fall to {@code logits}.
     */
    static void write(Path runDir, long steps, long every, double fit, double step0, double end, double logits)
            throws IOException {
        Files.createDirectories(runDir);
        StringBuilder metrics = new StringBuilder();
        for (long step = 0; step <= steps; step++) {
            if (step > 0) {
                metrics.append(String.format(Locale.ROOT,
                        "{\"type\":\"train\",\"step\":%d,\"time_s\":1.0,\"loss\":0.09,\"train_acc\":%.4f,"
                                + "\"samples_per_s\":100.0}%n", step, fit * step / steps));
            }
            if (step % every == 0 || step == steps) {
                double t = (double) step / steps;
                for (String layer : LAYERS) {
                    metrics.append(String.format(Locale.ROOT,
                            "{\"type\":\"probe\",\"step\":%d,\"time_s\":1.0,\"layer\":\"%s\",\"knn_acc\":%.4f,"
                                    + "\"k\":20,\"weighting\":\"majority\",\"snapshot_step\":%d,\"probe_s\":0.1}%n",
                            step, layer, accuracy(layer, t, step0, end, logits), step));
                }
            }
        }
        Files.writeString(runDir.resolve("metrics.jsonl"), metrics);
        StringBuilder layers = new StringBuilder();
        for (String layer : LAYERS) {
            layers.append(layers.length() == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"layer\":\"%s\",\"step0\":%.4f,\"final\":%.4f}", layer, accuracy(layer, 0, step0, end, logits),
                    accuracy(layer, 1, step0, end, logits)));
        }
        Files.writeString(runDir.resolve("summary.json"), String.format(Locale.ROOT,
                "{\"status\":\"finished\",\"steps\":%d,\"final_train_acc\":%.4f,\"final_loss\":0.08,"
                        + "\"knn\":{\"initial_step\":0,\"final_step\":%d,\"layers\":[%s]},"
                        + "\"throughput\":{\"wall_s\":3.0}}", steps, fit, steps, layers));
        Files.writeString(runDir.resolve("config.conf"), "bml { }\n");
    }

    private static double accuracy(String layer, double t, double step0, double end, double logits) {
        double best = step0 + t * (end - step0);
        return switch (layer) {
            case "input" -> step0 - 0.03;
            case "b4" -> best;
            case "logits" -> step0 + t * (logits - step0);
            default -> best - 0.04;
        };
    }
}
