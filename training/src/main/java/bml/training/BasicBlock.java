package bml.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The ResNet-18 residual unit: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)).
 *
 * <p>Why its own block: DJL has no BasicBlock, and the shortcut (1x1 conv + BN when the stride or width
 * changes, identity otherwise) follows torchvision exactly so the network matches the paper's
 * {@code resnet18_small} (<a href="https://arxiv.org/abs/1512.03385">He et al. 2016</a>).
 */
final class BasicBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block conv1;
    private final Block bn1;
    private final Block conv2;
    private final Block bn2;
    private final Block shortcutConv;
    private final Block shortcutBn;

    BasicBlock(int inChannels, int outChannels, int stride) {
        super(VERSION);
        conv1 = addChildBlock("conv1", conv3x3(outChannels, stride));
        bn1 = addChildBlock("bn1", BatchNorm.builder().build());
        conv2 = addChildBlock("conv2", conv3x3(outChannels, 1));
        bn2 = addChildBlock("bn2", BatchNorm.builder().build());
        if (stride != 1 || inChannels != outChannels) {
            shortcutConv = addChildBlock("shortcutConv", Conv2d.builder()
                    .setKernelShape(new Shape(1, 1))
                    .optStride(new Shape(stride, stride))
                    .setFilters(outChannels)
                    .optBias(false)
                    .build());
            shortcutBn = addChildBlock("shortcutBn", BatchNorm.builder().build());
        } else {
            shortcutConv = null;
            shortcutBn = null;
        }
    }

    static Block conv3x3(int filters, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .optStride(new Shape(stride, stride))
                .setFilters(filters)
                .optBias(false)
                .build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return forwardWatching(store, inputs, training, null);
    }

    /**
     * The block's forward pass, showing each BatchNorm input to {@code watcher} (none when it is null).
     *
     * @return the output, or null when the watcher ended the pass inside this block
     */
    NDList forwardWatching(ParameterStore store, NDList x, boolean training, BatchNormInputs watcher) {
        NDList y = conv1.forward(store, x, training);
        y = BatchNormWalk.forward(bn1, store, y, training, watcher);
        if (y == null) {
            return null;
        }
        y = new NDList(Activation.relu(y.singletonOrThrow()));
        y = conv2.forward(store, y, training);
        y = BatchNormWalk.forward(bn2, store, y, training, watcher);
        if (y == null) {
            return null;
        }
        NDArray shortcut = x.singletonOrThrow();
        if (shortcutConv != null) {
            NDList projected = BatchNormWalk.forward(shortcutBn, store, shortcutConv.forward(store, x, training),
                    training, watcher);
            if (projected == null) {
                return null;
            }
            shortcut = projected.singletonOrThrow();
        }
        return new NDList(Activation.relu(y.singletonOrThrow().add(shortcut)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv1.initialize(manager, dataType, inputShapes);
        Shape[] afterConv1 = conv1.getOutputShapes(inputShapes);
        bn1.initialize(manager, dataType, afterConv1);
        conv2.initialize(manager, dataType, afterConv1);
        bn2.initialize(manager, dataType, conv2.getOutputShapes(afterConv1));
        if (shortcutConv != null) {
            shortcutConv.initialize(manager, dataType, inputShapes);
            shortcutBn.initialize(manager, dataType, shortcutConv.getOutputShapes(inputShapes));
        }
    }
}
