package bml.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.Encoder;
import bml.config.ModelSettings;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class TappedNetworkTest {

    private static List<Shape> forwardShapes(ModelSettings model, int size) {
        TappedNetwork network = TappedNetwork.build(model, 3, size, size, 10);
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initializeFromSeed(manager, 7);
            NDList out = network.forward(new ParameterStore(manager, false),
                    new NDList(manager.zeros(network.inputShape(2))), true);
            List<Shape> shapes = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                shapes.add(out.get(i).getShape());
            }
            assertEquals(List.of(network.getOutputShapes(new Shape[] {network.inputShape(2)})), shapes,
                    "declared output shapes match the computed ones");
            return shapes;
        }
    }

    @Test
    void cnnTapsEachBlockTheEncoderAndTheHead() {
        TappedNetwork network = TappedNetwork.build(new ModelSettings(Encoder.CNN, 4, 12), 3, 16, 16, 10);
        assertEquals(List.of("b1", "b2", "b3", "b4", "encoder", "head", "logits"), network.layerNames());
        assertEquals(List.of(new Shape(2, 4, 8, 8), new Shape(2, 8, 4, 4), new Shape(2, 16, 2, 2),
                new Shape(2, 32, 2, 2), new Shape(2, 32), new Shape(2, 12), new Shape(2, 10)),
                forwardShapes(new ModelSettings(Encoder.CNN, 4, 12), 16));
    }

    @Test
    void resnet18TapsStemStagesEncoderAndHead() {
        TappedNetwork network = TappedNetwork.build(new ModelSettings(Encoder.RESNET18, 2, 6), 3, 16, 16, 10);
        assertEquals(List.of("stem", "layer1", "layer2", "layer3", "layer4", "encoder", "head", "logits"),
                network.layerNames());
        assertEquals(List.of(new Shape(2, 2, 16, 16), new Shape(2, 2, 16, 16), new Shape(2, 4, 8, 8),
                new Shape(2, 8, 4, 4), new Shape(2, 16, 2, 2), new Shape(2, 16), new Shape(2, 6),
                new Shape(2, 10)), forwardShapes(new ModelSettings(Encoder.RESNET18, 2, 6), 16));
    }

    @Test
    void resnet18HasTwentyBiasFreeConvolutionsAndTwoLinearLayers() {
        TappedNetwork network = TappedNetwork.build(new ModelSettings(Encoder.RESNET18, 2, 6), 3, 16, 16, 10);
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initializeFromSeed(manager, 7);
            int convolutions = 0;
            int linears = 0;
            for (var parameter : network.getParameters().values()) {
                int rank = parameter.getShape().dimension();
                convolutions += rank == 4 ? 1 : 0;
                linears += rank == 2 ? 1 : 0;
                assertTrue(parameter.getType() != ai.djl.nn.Parameter.Type.BIAS, parameter.getName());
            }
            // stem + 8 BasicBlocks x 2 convs + 3 projection shortcuts; projector Linear -> ReLU -> Linear.
            assertEquals(20, convolutions);
            assertEquals(2, linears);
        }
    }

    @Test
    void mlpTapsThreeFullyConnectedLayersAndTheEncoder() {
        TappedNetwork network = TappedNetwork.build(new ModelSettings(Encoder.MLP, 2, 6), 1, 8, 8, 10);
        assertEquals(List.of("fc1", "fc2", "fc3", "encoder", "head", "logits"), network.layerNames());
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initializeFromSeed(manager, 7);
            NDList out = network.forward(new ParameterStore(manager, false),
                    new NDList(manager.ones(network.inputShape(2))), false);
            assertEquals(new Shape(2, 16), out.get(0).getShape());
            assertEquals(new Shape(2, 16), out.get(3).getShape());
            assertEquals(new Shape(2, 10), out.get(5).getShape());
        }
    }

    @Test
    void initialisesBatchNormToIdentityAndConvolutionsWithKaimingFanOut() {
        TappedNetwork network = TappedNetwork.build(new ModelSettings(Encoder.CNN, 16, 8), 3, 16, 16, 10);
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initializeFromSeed(manager, 3);
            var parameters = network.getParameters();
            float[] gamma = parameters.get("02b2_02BatchNorm_gamma").getArray().toFloatArray();
            float[] runningVar = parameters.get("02b2_02BatchNorm_runningVar").getArray().toFloatArray();
            float[] beta = parameters.get("02b2_02BatchNorm_beta").getArray().toFloatArray();
            for (int i = 0; i < gamma.length; i++) {
                assertEquals(1f, gamma[i]);
                assertEquals(1f, runningVar[i]);
                assertEquals(0f, beta[i]);
            }
            // b3 conv: 64 filters x 3 x 3 -> fan_out 576, std sqrt(2/576) = 0.0589
            float[] conv = parameters.get("03b3_01Conv2d_weight").getArray().toFloatArray();
            double sumSquares = 0;
            for (float v : conv) {
                sumSquares += v * v;
            }
            assertEquals(Math.sqrt(2.0 / 576), Math.sqrt(sumSquares / conv.length), 0.003);
            // head linear: fan_in 128, uniform within 1/sqrt(128)
            float[] head = parameters.get("06head_01Linear_weight").getArray().toFloatArray();
            for (float v : head) {
                assertTrue(Math.abs(v) <= 1 / Math.sqrt(128) + 1e-7);
            }
        }
    }
}
