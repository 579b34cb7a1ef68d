package bml.probing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.Weighting;
import bml.data.ImageSet;
import bml.training.SnapshotModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LayerProbeTest {

    private static SnapshotModel model;

    @BeforeAll
    static void buildModel() {
        model = TinyModels.cnn(4, 5);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void reportsOneAccuracyForInputThenEveryModelLayer() {
        ImageSet bank = TinyModels.noise("bank", 60, 4, 6);
        ImageSet queries = TinyModels.noise("queries", 30, 4, 7);
        for (Weighting weighting : Weighting.values()) {
            List<LayerAccuracy> layers = LayerProbe.run(model, bank, queries,
                    TinyModels.probe(20, weighting, 50, 30, 8));
            List<String> expected = new ArrayList<>();
            expected.add("input");
            expected.addAll(model.layerNames());
            assertEquals(expected, layers.stream().map(LayerAccuracy::layer).toList(), weighting.configName());
            for (LayerAccuracy layer : layers) {
                assertEquals(20, layer.k(), layer.toString());
                assertEquals(weighting, layer.weighting(), layer.toString());
            }
        }
    }

    @Test
    void inputLayerIsPerfectWhenEachClassIsOneConstantColour() {
        ImageSet bank = TinyModels.constantColours("colour-train", 80);
        ImageSet queries = TinyModels.constantColours("colour-test", 20);
        for (Weighting weighting : Weighting.values()) {
            List<LayerAccuracy> layers = LayerProbe.run(model, bank, queries,
                    TinyModels.probe(20, weighting, 80, 20, 256));
            assertEquals("input", layers.get(0).layer());
            assertEquals(1.0, layers.get(0).accuracy(), weighting.configName());
        }
    }

    @Test
    void clipsTheBankAndKToTheImagesAvailable() {
        ImageSet bank = TinyModels.noise("bank", 12, 4, 8);
        ImageSet queries = TinyModels.noise("queries", 9, 4, 9);
        List<LayerAccuracy> layers = LayerProbe.run(model, bank, queries,
                TinyModels.probe(20, Weighting.MAJORITY, 1000, 1000, 4));
        for (LayerAccuracy layer : layers) {
            assertEquals(12, layer.k(), layer.toString());
        }
    }

    @Test
    void givesTheSameAnswerOnAnotherThreadWithItsOwnModel() throws Exception {
        ImageSet bank = TinyModels.noise("bank", 40, 4, 10);
        ImageSet queries = TinyModels.noise("queries", 25, 4, 11);
        List<LayerAccuracy> here = LayerProbe.run(model, bank, queries, TinyModels.probe(5, Weighting.MAJORITY, 40, 25, 16));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            List<LayerAccuracy> there = CompletableFuture.supplyAsync(() -> {
                try (SnapshotModel own = TinyModels.cnn(4, 5)) {
                    return LayerProbe.run(own, bank, queries, TinyModels.probe(5, Weighting.MAJORITY, 40, 25, 16));
                }
            }, executor).get();
            assertEquals(here, there);
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void rejectsBankAndQueriesOfDifferentClassCounts() {
        ImageSet bank = TinyModels.noise("bank", 10, 4, 12);
        ImageSet queries = TinyModels.noise("queries", 10, 3, 13);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LayerProbe.run(model, bank, queries, TinyModels.probe(5, Weighting.MAJORITY, 10, 10, 4)));
        assertTrue(error.getMessage().contains("class counts"), error.getMessage());
    }
}
