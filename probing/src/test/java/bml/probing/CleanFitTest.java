package bml.probing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import bml.data.ImageSet;
import bml.training.ModelInput;
import bml.training.SnapshotModel;
import bml.training.TrainingSession;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CleanFitTest {

    private static final int CLASSES = 5;
    private static SnapshotModel model;
    private static ImageSet train;
    private static int[] predicted;

    @BeforeAll
    static void buildModel() {
        model = TinyModels.cnn(CLASSES, 3);
        train = TinyModels.noise("train", 23, CLASSES, 4);
        predicted = argMaxOfLogits(model, train);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    /** Each image's predicted class, read off the model's raw logits with a plain loop. */
    private static int[] argMaxOfLogits(SnapshotModel snapshotModel, ImageSet images) {
        try (NDManager scope = snapshotModel.manager().newSubManager()) {
            NDList out = snapshotModel.forward(ModelInput.fromPixels(scope, ByteBuffer.wrap(images.pixels()),
                    new Shape(images.size(), images.channels(), images.height(), images.width())));
            float[] logits = out.get(out.size() - 1).toFloatArray();
            int classes = logits.length / images.size();
            int[] best = new int[images.size()];
            for (int i = 0; i < images.size(); i++) {
                for (int c = 1; c < classes; c++) {
                    if (logits[i * classes + c] > logits[i * classes + best[i]]) {
                        best[i] = c;
                    }
                }
            }
            return best;
        }
    }

    /** Labels that agree with the model's prediction exactly on images {@code i % 3 == 0}, and disagree elsewhere. */
    private static int[] agreeingOnEveryThird() {
        int[] labels = new int[predicted.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3 == 0 ? predicted[i] : (predicted[i] + 1) % CLASSES;
        }
        return labels;
    }

    @Test
    void isTheFractionOfAllImagesWhosePredictionIsTheirTrainingLabel() {
        int[] labels = agreeingOnEveryThird();
        for (int batch : new int[] {1, 7, 256}) {
            assertEquals(8.0 / 23, CleanFit.measure(model, train, labels, batch), 1e-12, "batch " + batch);
        }
    }

    @Test
    void theProbeMeasuresItOverTheWholeTrainingSetNotJustTheBank() {
        int[] labels = agreeingOnEveryThird();
        ImageSet queries = TinyModels.noise("queries", 9, CLASSES, 5);
        for (int bank : new int[] {4, 10, 23, 1000}) {
            ProbeMeasurement measured = LayerProbe.measure(model, train, labels, queries,
                    TinyModels.probe(3, bml.config.Weighting.MAJORITY, bank, 9, 8));
            assertEquals(8.0 / 23, measured.cleanFit(), 1e-12, "bank of " + bank);
            assertEquals(LayerProbe.run(model, train.head(bank), queries, TinyModels.probe(3, bml.config.Weighting.MAJORITY, bank, 9, 8)),
                    measured.layers(), "the k-NN part is the probe's");
        }
    }

    @Test
    void isNotMeasuredWithoutOneTrainingLabelPerImage() {
        ImageSet queries = TinyModels.noise("queries", 9, CLASSES, 5);
        assertTrue(Double.isNaN(LayerProbe.measure(model, train, null, queries,
                TinyModels.probe(3, bml.config.Weighting.MAJORITY, 10, 9, 8)).cleanFit()), "per-view labels: no clean fit");
    }

    @Test
    void refusesLabelsThatAreNotOneClassPerImage() {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> CleanFit.measure(model, train, new int[22]));
        assertEquals("clean fit of train: expected one training label per image (23), got 22", count.getMessage());
        int[] labels = new int[23];
        labels[5] = CLASSES;
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> CleanFit.measure(model, train, labels));
        assertEquals("clean fit of train: training label 5 is 5, expected a class in [0, 5)", range.getMessage());
    }

    @Test
    void aNetworkTrainedOnRandomLabelsFitsThemOnTheCleanImagesAndNotTheTrueOnes() {
        ImageSet images = TinyModels.noise("memorised", 16, 10, 21);
        int[] random = new int[16];
        for (int i = 0; i < 16; i++) {
            random[i] = (images.labels()[i] + 1 + i % 9) % 10; // never the true label
        }
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("model.encoder=cnn", "model.width=8",
                "model.head-width=16", "training.device=cpu", "training.threads=1", "training.batch-size=16",
                "training.lr=0.003"));
        SnapshotModel trained;
        try (TrainingSession session = new TrainingSession(settings.model(), settings.training(), TinyModels.CHANNELS,
                TinyModels.SIDE, TinyModels.SIDE, 10, 3)) {
            for (int step = 0; step < 80; step++) {
                session.step(images.pixels(), random, 16);
            }
            trained = SnapshotModel.load(settings.model(), TinyModels.CHANNELS, TinyModels.SIDE, TinyModels.SIDE, 10,
                    session.snapshot(), Device.cpu());
        }
        try (trained) {
            double onRandom = CleanFit.measure(trained, images, random);
            double onTrue = CleanFit.measure(trained, images, images.labels());
            assertTrue(onRandom >= 0.9, "fit of the labels it was trained on: " + onRandom);
            assertTrue(onTrue <= 0.2, "fit of labels it never saw: " + onTrue);
        }
    }
}
