package bml.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.BatchNorm;

/**
 * Sees the input of each BatchNorm layer as a forward pass reaches it, in forward order.
 *
 * <p>Why: recalibrating BatchNorm statistics needs every layer's input, which DJL's blocks do not expose.
 */
@FunctionalInterface
interface BatchNormInputs {

    /**
     * Called just before {@code layer} runs on {@code input}.
     *
     * @return true to go on with the pass, false to end it here
     */
    boolean reached(BatchNorm layer, NDArray input);
}
