package bml.app.serve;

import bml.reproduce.EncoderLayers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a runs-page row says of one run that its files alone decide (liveness is asked separately): settings,
 * steps, the latest probe's per-layer k-NN and the best encoder layer in it, clean fit, wall time, end, parent.
 *
 * @param steps        the last training step (the summary's count when no train record is left)
 * @param latestKnn    k-NN accuracy per layer at {@code knnStep}, the latest probed snapshot, in probe order
 * @param knnStep      the latest probed snapshot step, -1 before the first probe
 * @param cleanFit     the summary's {@code clean_fit}, else the latest record's, else NaN
 * @param wallSeconds  the summary's wall time, else the largest {@code time_s} so far, else NaN
 */
record RunFacts(Map<String, String> settings, long steps, Map<String, Double> latestKnn, long knnStep,
                double cleanFit, double wallSeconds, Optional<RunReader.Summary> summary,
                String endStatus, Optional<RunReader.Fork> fork) {

    static RunFacts read(Path runDir) {
        Map<String, String> settings = RunReader.settings(runDir);
        RunReader.Metrics metrics = RunReader.metrics(runDir);
        Optional<RunReader.Summary> summary = RunReader.summary(runDir);
        long knnStep = metrics.probes().stream().mapToLong(RunReader.Probe::step).max().orElse(-1);
        Map<String, Double> latest = new LinkedHashMap<>();
        for (String layer : metrics.layers()) {
            metrics.probes().stream()
                    .filter(probe -> probe.step() == knnStep && probe.layer().equals(layer))
                    .reduce((first, second) -> second)
                    .ifPresent(probe -> latest.put(layer, probe.knnAccuracy()));
        }
        long steps = metrics.train().stream().mapToLong(RunReader.Train::step).max()
                .orElse(summary.map(RunReader.Summary::steps).orElse(0L));
        double cleanFit = summary.map(RunReader.Summary::cleanFit).filter(Double::isFinite)
                .orElse(metrics.cleanFits().isEmpty() ? Double.NaN
                        : metrics.cleanFits().get(metrics.cleanFits().size() - 1).value());
        double wall = summary.map(RunReader.Summary::wallSeconds).filter(Double::isFinite)
                .orElse(metrics.lastTimeSeconds());
        return new RunFacts(settings, steps, latest, knnStep, cleanFit, wall, summary, metrics.endStatus(),
                RunReader.fork(runDir));
    }

    /** The encoder layer (every probed layer before the projector head, not the input) with the best k-NN. */
    String bestEncoderLayer() {
        return EncoderLayers.bestLayer(List.copyOf(latestKnn.keySet()), latestKnn);
    }

    /** Its accuracy, NaN before the first probe. */
    double bestEncoderKnn() {
        String layer = bestEncoderLayer();
        return layer == null ? Double.NaN : latestKnn.get(layer);
    }
}
