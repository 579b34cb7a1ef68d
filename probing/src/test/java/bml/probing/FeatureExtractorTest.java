package bml.probing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import bml.data.ImageSet;
import bml.training.SnapshotModel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    private static final int CLASSES = 5;
    private static SnapshotModel model;
    private static ImageSet images;

    @BeforeAll
    static void buildModel() {
        model = TinyModels.cnn(CLASSES, 3);
        images = TinyModels.noise("noise", 23, CLASSES, 4);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void listsInputFirstThenTheModelLayersWithOneUnitRowPerImage() {
        try (LayerFeatures features = FeatureExtractor.extract(model, images, 20)) {
            List<String> expected = new ArrayList<>();
            expected.add(FeatureExtractor.INPUT_LAYER);
            expected.addAll(model.layerNames());
            assertEquals(expected, features.layers());
            assertEquals(new Shape(20, TinyModels.CHANNELS * TinyModels.SIDE * TinyModels.SIDE),
                    features.get("input").getShape());
            for (String layer : features.layers()) {
                NDArray matrix = features.get(layer);
                assertEquals(2, matrix.getShape().dimension(), layer);
                assertEquals(20, matrix.getShape().get(0), layer);
                assertEquals(DataType.FLOAT32, matrix.getDataType(), layer);
                float[] norms = matrix.norm(new int[] {1}).toFloatArray();
                for (float norm : norms) {
                    assertTrue(Math.abs(norm - 1) < 1e-5 || norm == 0, layer + " row norm " + norm);
                }
            }
        }
    }

    @Test
    void inputLayerIsThePixelsOver255FlattenedAndNormalised() {
        try (LayerFeatures features = FeatureExtractor.extract(model, images, 3)) {
            float[] actual = features.get("input").toFloatArray();
            int bytes = images.imageBytes();
            for (int i = 0; i < 3; i++) {
                double norm = 0;
                for (int j = 0; j < bytes; j++) {
                    double v = (images.pixels()[i * bytes + j] & 0xff) / 255.0;
                    norm += v * v;
                }
                for (int j = 0; j < bytes; j++) {
                    double expected = (images.pixels()[i * bytes + j] & 0xff) / 255.0 / Math.sqrt(norm);
                    assertEquals(expected, actual[i * bytes + j], 1e-6, "image " + i + " value " + j);
                }
            }
        }
    }

    @Test
    void poolsSpatialMapsByGlobalAverageAndKeepsVectorsBeforeNormalising() {
        int n = 4;
        try (LayerFeatures features = FeatureExtractor.extract(model, images, n);
             NDManager manager = model.manager().newSubManager()) {
            Shape shape = new Shape(n, TinyModels.CHANNELS, TinyModels.SIDE, TinyModels.SIDE);
            NDArray x = manager.create(ByteBuffer.wrap(images.pixels(), 0, n * images.imageBytes()).slice(), shape,
                    DataType.UINT8).toType(DataType.FLOAT32, false).div(255f);
            NDList outputs = model.forward(x);
            outputs.attach(manager);
            for (int i = 0; i < outputs.size(); i++) {
                String layer = model.layerNames().get(i);
                NDArray raw = outputs.get(i);
                Shape s = raw.getShape();
                float[] values = raw.toFloatArray();
                int channels = (int) s.get(1);
                int spatial = s.dimension() == 4 ? (int) (s.get(2) * s.get(3)) : 1;
                float[] actual = features.get(layer).toFloatArray();
                for (int img = 0; img < n; img++) {
                    double[] pooled = new double[channels];
                    double norm = 0;
                    for (int c = 0; c < channels; c++) {
                        for (int p = 0; p < spatial; p++) {
                            pooled[c] += values[(img * channels + c) * spatial + p];
                        }
                        pooled[c] /= spatial;
                        norm += pooled[c] * pooled[c];
                    }
                    for (int c = 0; c < channels; c++) {
                        double expected = pooled[c] / Math.max(Math.sqrt(norm), 1e-12);
                        assertEquals(expected, actual[img * channels + c], 1e-5, layer + " image " + img + " c " + c);
                    }
                }
            }
        }
    }

    @Test
    void givesTheSameFeaturesWhateverTheBatchSize() {
        try (LayerFeatures whole = FeatureExtractor.extract(model, images, 23, 256);
             LayerFeatures ones = FeatureExtractor.extract(model, images, 23, 1);
             LayerFeatures sevens = FeatureExtractor.extract(model, images, 23, 7)) {
            for (String layer : whole.layers()) {
                float[] expected = whole.get(layer).toFloatArray();
                assertArrayEquals(expected, ones.get(layer).toFloatArray(), 1e-5f, layer + " batch 1");
                assertArrayEquals(expected, sevens.get(layer).toFloatArray(), 1e-5f, layer + " batch 7");
            }
        }
    }

    @Test
    void predictionsAreTheArgmaxOfEachImagesRawLogitsWhateverTheBatchSize() {
        int n = images.size();
        int[] expected = new int[n];
        try (NDManager manager = model.manager().newSubManager()) {
            Shape shape = new Shape(n, TinyModels.CHANNELS, TinyModels.SIDE, TinyModels.SIDE);
            NDArray x = manager.create(ByteBuffer.wrap(images.pixels()), shape, DataType.UINT8)
                    .toType(DataType.FLOAT32, false).div(255f);
            NDList outputs = model.forward(x);
            outputs.attach(manager);
            float[] logits = outputs.get(outputs.size() - 1).toFloatArray();
            for (int i = 0; i < n; i++) {
                for (int c = 1; c < CLASSES; c++) {
                    if (logits[i * CLASSES + c] > logits[i * CLASSES + expected[i]]) {
                        expected[i] = c;
                    }
                }
            }
        }
        for (int batch : new int[] {1, 7, 256}) {
            try (LayerFeatures features = FeatureExtractor.extract(model, images, n, batch)) {
                assertArrayEquals(expected, features.predictions(), "batch " + batch);
            }
        }
    }

    @Test
    void rejectsACountBeyondTheImageSetNamingIt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> FeatureExtractor.extract(model, images, 24));
        assertTrue(error.getMessage().contains("noise"), error.getMessage());
        assertTrue(error.getMessage().contains("got 24"), error.getMessage());
    }

    @Test
    void rejectsAnUnknownLayerListingTheKnownOnes() {
        try (LayerFeatures features = FeatureExtractor.extract(model, images, 2)) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> features.get("nope"));
            assertTrue(error.getMessage().contains("input"), error.getMessage());
        }
    }
}
