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
        Metrics metrics = new Metrics();
        if (Files.isRegularFile(directory.metrics())) {
            metrics.read(directory.metrics());
        }
        TreeMap<Long, Map<String, Double>> probes = metrics.probes;
        RunSummary summary = readSummary(directory.summary());
        RunRecord.State state = record.state();
        String error = record.error();
        if (summary != null && state != RunRecord.State.NOT_RUN) {
            state = RunRecord.State.of(summary.status());
            error = summary.error() != null ? summary.error() : error;
        }
        long steps = summary == null ? lastStep(metrics.trainAccuracy) : summary.steps();
        double finalTrainAccuracy = summary == null ? Double.NaN : summary.finalTrainAccuracy();
        long finalProbe = probes.isEmpty() ? -1 : probes.lastKey();
        Map<String, Double> step0 = probes.getOrDefault(0L, Map.of());
        Map<String, Double> last = finalProbe < 0 ? Map.of() : probes.get(finalProbe);
        Map<String, List<StepValue>> series = new LinkedHashMap<>();
        for (String layer : metrics.layers) {
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
                metrics.layers, step0, last, finalProbe, series,
                meansBetweenProbes(metrics.trainAccuracy, probes.keySet()), finalTrainAccuracy, steps, viewsPerSample,
                record.wallSeconds(), config, record.run().replicate(), record.trainImages(),
                metrics.cleanFit.getOrDefault(finalProbe, Double.NaN), metrics.calibrated,
                metrics.intervals.getOrDefault(finalProbe, Map.of()), metrics.calibratedIntervals);
    }

    /** What a run's metrics.jsonl holds, gathered by step. */
    private static final class Metrics {
        final TreeMap<Long, Map<String, Double>> probes = new TreeMap<>();
        final TreeMap<Long, Map<String, KnnInterval>> intervals = new TreeMap<>();
        final List<String> layers = new ArrayList<>();
        final TreeMap<Long, Double> trainAccuracy = new TreeMap<>();
        final TreeMap<Long, Double> cleanFit = new TreeMap<>();
        final Map<String, Double> calibrated = new LinkedHashMap<>();
        final Map<String, KnnInterval> calibratedIntervals = new LinkedHashMap<>();

        void read(Path file) {
            try (BufferedReader reader = Files.newBufferedReader(file)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank()) {
                        add(RunJson.metric(line));
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        private void add(MetricRecord record) {
            if (record instanceof TrainRecord train) {
                trainAccuracy.put(train.step(), train.trainAccuracy());
            } else if (record instanceof ProbeRecord probe) {
                if (!layers.contains(probe.layer())) {
                    layers.add(probe.layer());
                }
                probes.computeIfAbsent(probe.step(), s -> new LinkedHashMap<>())
                        .put(probe.layer(), probe.knnAccuracy());
                interval(probe.knnCiLow(), probe.knnCiHigh()).ifPresent(ci -> intervals
                        .computeIfAbsent(probe.step(), s -> new LinkedHashMap<>()).put(probe.layer(), ci));
            } else if (record instanceof FitRecord fit) {
                cleanFit.put(fit.step(), fit.cleanFit());
            } else if (record instanceof BaselineRecord baseline) {
                calibrated.put(baseline.layer(), baseline.knnAccuracy());
                interval(baseline.knnCiLow(), baseline.knnCiHigh())
                        .ifPresent(ci -> calibratedIntervals.put(baseline.layer(), ci));
            }
        }

        private static java.util.Optional<KnnInterval> interval(double low, double high) {
            return Double.isNaN(low) || Double.isNaN(high) ? java.util.Optional.empty()
                    : java.util.Optional.of(new KnnInterval(low, high));
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
