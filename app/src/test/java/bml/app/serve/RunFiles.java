package bml.app.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes run directories by hand, in the documented formats, with numbers a test can check exactly. */
final class RunFiles {
    private final Path dir;

    private RunFiles(Path dir) {
        this.dir = dir;
    }

    static RunFiles at(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new RunFiles(dir);
    }

    Path dir() {
        return dir;
    }

    /** A config.conf like bml writes, with these settings (keys relative to bml) over a few defaults. */
    RunFiles config(String... keyValues) throws IOException {
        Map<String, String> settings = new TreeMap<>(Map.of(
                "data.source", "shapes", "augmentation.pipeline", "full", "labels.noise", "1.0",
                "labels.per-view", "false", "augmentation.views-per-sample", "0", "model.encoder", "cnn",
                "model.width", "16", "model.head-width", "64", "seed", "42", "training.steps", "3"));
        settings.put("queue.roll-cycle", "\"FAST_HOURLY\"");
        settings.put("run.dir", "\"" + dir.toAbsolutePath() + "\"");
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        StringBuilder text = new StringBuilder("bml {\n");
        settings.forEach((key, value) -> text.append("    ").append(key).append('=').append(value).append('\n'));
        Files.writeString(dir.resolve("config.conf"), text.append("}\n").toString());
        return this;
    }

    RunFiles metrics(List<String> lines) throws IOException {
        Files.write(dir.resolve("metrics.jsonl"), lines);
        return this;
    }

    RunFiles file(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
        return this;
    }

    static String train(long step, double timeSeconds, double loss, double accuracy) {
        return "{\"type\":\"train\",\"step\":" + step + ",\"time_s\":" + timeSeconds + ",\"loss\":" + loss
                + ",\"train_acc\":" + accuracy + ",\"samples_per_s\":100.0}";
    }

    static String probe(long step, String layer, double accuracy) {
        return "{\"type\":\"probe\",\"step\":" + step + ",\"time_s\":" + (step + 0.5) + ",\"layer\":\"" + layer
                + "\",\"knn_acc\":" + accuracy + ",\"k\":20,\"weighting\":\"majority\",\"snapshot_step\":" + step
                + ",\"probe_s\":0.1}";
    }
}
