package bml.training;

import bml.config.Encoder;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import java.util.List;

/**
 * Builds the tapped stages of each encoder and of the projector head.
 *
 * <p>Why one place: the layer names ({@code b1..b4}, {@code stem, layer1..layer4}, {@code fc1..fc3},
 * {@code encoder}, {@code head}, {@code logits}) are what the probe reports, so they are defined once here.
 */
final class Encoders {


    private Encoders() {
    }

    /** The encoder stages for {@code encoder} with base width {@code width}. */
    static List<Stage> encoder(Encoder encoder, int width) {
        return switch (encoder) {
            case CNN -> cnn(width);
            case RESNET18 -> resnet18(width);
            case MLP -> mlp(width);
        };
    }

    /** Projector: Linear(no bias) to {@code headWidth} then ReLU ({@code head}), Linear(no bias) to the classes. */
    static List<Stage> projector(int headWidth, int numClasses) {
        SequentialBlock head = new SequentialBlock()
                .add(Linear.builder().setUnits(headWidth).optBias(false).build())
                .add(Activation.reluBlock());
        return List.of(
                new Stage("head", head),
                new Stage("logits", Linear.builder().setUnits(numClasses).optBias(false).build()));
    }

    /** Four conv3x3-BN-ReLU blocks of widths w, 2w, 4w, 8w, 2x2 max-pool after the first three, then GAP. */
    private static List<Stage> cnn(int w) {
        return List.of(
                new Stage("b1", convBlock(w, true)),
                new Stage("b2", convBlock(2 * w, true)),
                new Stage("b3", convBlock(4 * w, true)),
                new Stage("b4", convBlock(8 * w, false)),
                new Stage("encoder", Pool.globalAvgPool2dBlock()));
    }

    private static SequentialBlock convBlock(int filters, boolean pool) {
        SequentialBlock block = new SequentialBlock()
                .add(BasicBlock.conv3x3(filters, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        if (pool) {
            block.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        return block;
    }

    /** CIFAR-stem ResNet-18: 3x3 stride-1 stem, no max-pool, BasicBlocks [2,2,2,2], GAP. */
    private static List<Stage> resnet18(int w) {
        SequentialBlock stem = new SequentialBlock()
                .add(BasicBlock.conv3x3(w, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        return List.of(
                new Stage("stem", stem),
                new Stage("layer1", resStage(w, w, 1)),
                new Stage("layer2", resStage(w, 2 * w, 2)),
                new Stage("layer3", resStage(2 * w, 4 * w, 2)),
                new Stage("layer4", resStage(4 * w, 8 * w, 2)),
                new Stage("encoder", Pool.globalAvgPool2dBlock()));
    }

    private static SequentialBlock resStage(int in, int out, int stride) {
        return new SequentialBlock()
                .add(new BasicBlock(in, out, stride))
                .add(new BasicBlock(out, out, 1));
    }

    /** Flatten, then three Linear(8w)-ReLU layers; the encoder output is the third one's. */
    private static List<Stage> mlp(int w) {
        int units = 8 * w;
        return List.of(
                new Stage("fc1", new SequentialBlock().add(Blocks.batchFlattenBlock()).add(dense(units))),
                new Stage("fc2", dense(units)),
                new Stage("fc3", dense(units)),
                new Stage("encoder", new LambdaBlock(x -> x, "identity")));
    }

    private static SequentialBlock dense(int units) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(units).build())
                .add(Activation.reluBlock());
    }
}
