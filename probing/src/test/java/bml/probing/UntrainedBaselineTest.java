package bml.probing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.Device;
import bml.config.BmlSettings;
import bml.config.ProbeSettings;
import bml.config.SettingsLoader;
import bml.data.ImageSet;
import bml.data.ShapesDataset;
import bml.training.SnapshotModel;
import bml.training.TrainingSession;
import bml.training.WeightSnapshot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UntrainedBaselineTest {

    private static SnapshotModel untrained(String encoder, int numClasses) {
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("model.encoder=" + encoder,
                "model.width=4", "model.head-width=16", "training.device=cpu", "training.threads=1"));
        WeightSnapshot snapshot;
        try (TrainingSession session = new TrainingSession(settings.model(), settings.training(), 3, 32, 32,
                numClasses, 5)) {
            snapshot = session.snapshot();
        }
        return SnapshotModel.load(settings.model(), 3, 32, 32, numClasses, snapshot, Device.cpu());
    }

    @Test
    void probesTheInitialisationAsItIsAndRecalibratedOnTheBankImages() {
        ImageSet train = ShapesDataset.generate(60, 1, "shapes-train");
        ImageSet queries = ShapesDataset.generate(30, 2, "shapes-test");
        int[] labels = new int[60];
        for (int i = 0; i < 60; i++) {
            labels[i] = (train.labels()[i] + 3) % train.numClasses();
        }
        ProbeSettings probe = new ProbeSettings(1, 5, bml.config.Weighting.MAJORITY, 0.07, 40, 30, 1, 64);
        try (SnapshotModel model = untrained("cnn", train.numClasses())) {
            UntrainedBaseline baseline = UntrainedBaseline.measure(model, train, labels, queries, probe);
            assertEquals(LayerProbe.measure(model, train, labels, queries, probe), baseline.raw());
            try (SnapshotModel onBank = model.withWeights(model.recalibrateBatchNorm(train.pixels(), 40, 64))) {
                assertEquals(LayerProbe.measure(onBank, train, labels, queries, probe), baseline.recalibrated(),
                        "recalibrated on the 40 bank images");
            }
            try (SnapshotModel onAll = model.withWeights(model.recalibrateBatchNorm(train.pixels(), 60, 64))) {
                assertNotEquals(LayerProbe.measure(onAll, train, labels, queries, probe).layers(),
                        baseline.recalibrated().layers(), "not on all 60 training images");
            }
            assertEquals(baseline.raw().layers().get(0), baseline.recalibrated().layers().get(0),
                    "the raw pixels do not depend on BatchNorm");
            assertNotEquals(baseline.raw().layers(), baseline.recalibrated().layers());
        }
    }

    @Test
    void aNetworkWithoutBatchNormHasOneBaseline() {
        ImageSet train = ShapesDataset.generate(20, 1, "shapes-train");
        ImageSet queries = ShapesDataset.generate(10, 2, "shapes-test");
        try (SnapshotModel model = untrained("mlp", train.numClasses())) {
            UntrainedBaseline baseline = UntrainedBaseline.measure(model, train, train.labels(), queries,
                    new ProbeSettings(1, 5, bml.config.Weighting.MAJORITY, 0.07, 20, 10, 1, 64));
            assertSame(baseline.raw(), baseline.recalibrated());
        }
    }
}
