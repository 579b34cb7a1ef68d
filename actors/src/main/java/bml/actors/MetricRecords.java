package bml.actors;

import bml.probing.LayerAccuracy;
import bml.runfiles.BaselineRecord;
import bml.runfiles.ConfigRecord;
import bml.runfiles.EndRecord;
import bml.runfiles.EndState;
import bml.runfiles.ProbeFailedRecord;
import bml.runfiles.ProbeRecord;
import bml.runfiles.TrainRecord;
import bml.runfiles.ViewsRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the records of {@code metrics.jsonl} and the metrics queue from what the hub measured: rates and times are
 * rounded to milliunits, so the file stays readable; losses and accuracies are kept exact.
 */
final class MetricRecords {
    private MetricRecords() {}

    static TrainRecord train(long step, double loss, double trainAcc, double samplesPerSecond, double seconds) {
        return new TrainRecord(step, round(seconds), loss, trainAcc, round(samplesPerSecond));
    }

    static ProbeRecord probe(long snapshotStep, LayerAccuracy layer, double probeSeconds, double seconds) {
        return new ProbeRecord(snapshotStep, round(seconds), layer.layer(), layer.accuracy(), layer.k(),
                layer.weighting(), snapshotStep, round(probeSeconds), layer.ciLow(), layer.ciHigh());
    }

    static BaselineRecord baseline(long step, LayerAccuracy layer, double seconds) {
        return new BaselineRecord(step, round(seconds), layer.layer(), layer.accuracy(), BaselineRecord.BN_RECALIBRATED,
                layer.ciLow(), layer.ciHigh());
    }

    static ViewsRecord views(long step, long produced, double viewsPerSecond, long lag, double seconds) {
        return new ViewsRecord(step, round(seconds), produced, round(viewsPerSecond), lag);
    }

    /** A hot-reload patch: every changed key with its old and new value ({@code {old, new}}). */
    static ConfigRecord config(long step, Map<String, List<String>> changes, String origin, double seconds) {
        Map<String, ConfigRecord.Change> changed = new LinkedHashMap<>();
        changes.forEach((key, values) -> changed.put(key, new ConfigRecord.Change(values.get(0), values.get(1))));
        return new ConfigRecord(step, round(seconds), origin, changed);
    }

    static ProbeFailedRecord probeFailed(long step, String reason, double seconds) {
        return new ProbeFailedRecord(step, round(seconds), reason);
    }

    static EndRecord end(long step, EndState status, double seconds) {
        return EndRecord.of(step, round(seconds), status);
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
