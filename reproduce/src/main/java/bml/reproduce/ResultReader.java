package bml.reproduce;

import bml.runfiles.BaselineRecord;
import bml.runfiles.FitRecord;
import bml.runfiles.MetricRecord;
import bml.runfiles.ProbeRecord;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunJson;
import bml.runfiles.RunSummary;
import bml.runfiles.TrainRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a finished (or stopped, or failed) run's directory back into a {@link RunResult}.
 *
 * <p>Why read files rather than listen to the actors: the run directory is the record a reader of the report can
 * check, so the report is built from exactly what is on disk.
 */
final class ResultReader {
    private ResultReader() {}

    /** The result of {@code record}'s run, whose directory is {@code runDir}; {@code reportDir} anchors links. */
    static RunResult read(RunRecord record, Path runDir, Path reportDir) {
        RunDirectory directory = new RunDirectory(runDir);
        TreeMap<Long, Map<String, Double>> probes = new TreeMap<>();
        List<String> layers = new ArrayList<>();
        TreeMap<Long, Double> trainAccuracy = new TreeMap<>();
        TreeMap<Long, Double> cleanFit = new TreeMap<>();
        Map<String, Double> calibrated = new LinkedHashMap<>();
        if (Files.isRegularFile(directory.metrics())) {
            readMetrics(directory.metrics(), probes, layers, trainAccuracy, cleanFit, calibrated);
        }
        RunSummary summary = readSummary(directory.summary());
        RunRecord.State state = record.state();
        String error = record.error();
        if (summary != null && state != RunRecord.State.NOT_RUN) {
            state = RunRecord.State.of(summary.status());
            error = summary.error() != null ? summary.error() : error;
        }
        long steps = summary == null ? lastStep(trainAccuracy) : summary.steps();
        double finalTrainAccuracy = summary == null ? Double.NaN : summary.finalTrainAccuracy();
        long finalProbe = probes.isEmpty() ? -1 : probes.lastKey();
        Map<String, Double> step0 = probes.getOrDefault(0L, Map.of());
        Map<String, Double> last = finalProbe < 0 ? Map.of() : probes.get(finalProbe);
        Map<String, List<StepValue>> series = new LinkedHashMap<>();
        for (String layer : layers) {
            List<StepValue> values = new ArrayList<>();
            probes.forEach((step, knn) -> {
                if (knn.containsKey(layer)) {
                    values.add(new StepValue(step, knn.get(layer)));
                }
            });
            series.put(layer, values);
        }
        int batch = record.run().settings().training().batchSize();
        double viewsPerSample = record.trainImages() == 0 ? Double.NaN
                : (double) steps * batch / record.trainImages();
        String config = reportDir.toAbsolutePath().relativize(directory.config().toAbsolutePath()).toString()
                .replace('\\', '/');
        return new RunResult(record.run().id(), record.run().conditionIds(), state, error, record.run().varying(),
                layers, step0, last, finalProbe, series, meansBetweenProbes(trainAccuracy, probes.keySet()),
                finalTrainAccuracy, steps, viewsPerSample, record.wallSeconds(), config,
                cleanFit.getOrDefault(finalProbe, Double.NaN), calibrated);
    }

    private static void readMetrics(Path file, Map<Long, Map<String, Double>> probes, List<String> layers,
                                    TreeMap<Long, Double> trainAccuracy, TreeMap<Long, Double> cleanFit,
                                    Map<String, Double> calibrated) {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                MetricRecord record = RunJson.metric(line);
                if (record instanceof TrainRecord train) {
                    trainAccuracy.put(train.step(), train.trainAccuracy());
                } else if (record instanceof ProbeRecord probe) {
                    if (!layers.contains(probe.layer())) {
                        layers.add(probe.layer());
                    }
                    probes.computeIfAbsent(probe.step(), s -> new LinkedHashMap<>())
                            .put(probe.layer(), probe.knnAccuracy());
                } else if (record instanceof FitRecord fit) {
                    cleanFit.put(fit.step(), fit.cleanFit());
                } else if (record instanceof BaselineRecord baseline) {
                    calibrated.put(baseline.layer(), baseline.knnAccuracy());
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The mean training accuracy over each interval (previous probe, probe], placed at the probe's step. */
    static List<StepValue> meansBetweenProbes(TreeMap<Long, Double> trainAccuracy, java.util.Set<Long> probeSteps) {
        TreeSet<Long> ends = new TreeSet<>(probeSteps);
        if (!trainAccuracy.isEmpty() && (ends.isEmpty() || ends.last() < trainAccuracy.lastKey())) {
            ends.add(trainAccuracy.lastKey());
        }
        List<StepValue> means = new ArrayList<>();
        long start = 0;
        for (long end : ends) {
            Map<Long, Double> interval = trainAccuracy.subMap(start, false, end, true);
            if (!interval.isEmpty()) {
                means.add(new StepValue(end, interval.values().stream().mapToDouble(Double::doubleValue)
                        .average().orElse(Double.NaN)));
            }
            start = end;
        }
        return means;
    }

    /** The run's summary, or null when it wrote none (it failed before its metrics hub started). */
    private static RunSummary readSummary(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return RunJson.readSummary(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static long lastStep(TreeMap<Long, Double> trainAccuracy) {
        return trainAccuracy.isEmpty() ? 0 : trainAccuracy.lastKey();
    }
}
