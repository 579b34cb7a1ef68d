package bml.training;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

/**
 * Runs a block's forward pass as the block itself would, showing every BatchNorm input on the way.
 *
 * <p>Why: the networks are built from {@link SequentialBlock}s, {@link BasicBlock}s and leaf blocks, so walking
 * those three reproduces the forward pass exactly while giving {@link BatchNormInputs} each layer's input. Without
 * a watcher it is the block's own forward pass.
 */
final class BatchNormWalk {

    private BatchNormWalk() {
    }

    /**
     * The output of {@code block} on {@code x}, or null when {@code watcher} ended the pass inside it.
     *
     * @param watcher null for a plain forward pass
     * @throws IllegalStateException when a block of another kind holds a BatchNorm layer, whose input this walk
     *     cannot show
     */
    static NDList forward(Block block, ParameterStore store, NDList x, boolean training, BatchNormInputs watcher) {
        if (watcher == null) {
            return block.forward(store, x, training);
        }
        if (block instanceof BatchNorm layer) {
            return watcher.reached(layer, x.singletonOrThrow()) ? layer.forward(store, x, training) : null;
        }
        if (block instanceof SequentialBlock) {
            NDList current = x;
            for (Block child : block.getChildren().values()) {
                current = forward(child, store, current, training, watcher);
                if (current == null) {
                    return null;
                }
            }
            return current;
        }
        if (block instanceof BasicBlock basic) {
            return basic.forwardWatching(store, x, training, watcher);
        }
        if (count(block) > 0) {
            throw new IllegalStateException("cannot show the BatchNorm inputs inside a "
                    + block.getClass().getSimpleName() + ": only SequentialBlock and BasicBlock are walked");
        }
        return block.forward(store, x, training);
    }

    /** The number of BatchNorm layers in {@code block} and its descendants. */
    static int count(Block block) {
        if (block instanceof BatchNorm) {
            return 1;
        }
        int layers = 0;
        for (Block child : block.getChildren().values()) {
            layers += count(child);
        }
        return layers;
    }
}
