package bml.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * How uint8 pixels become the network's input. One place, so the trainer and the k-NN probe always feed the network
 * the same scaling.
 */
public final class ModelInput {
    private ModelInput() {}

    /** {@code pixels} (uint8, NCHW {@code shape}) as float32 in [0, 1]: one upload, one conversion on the device. */
    public static NDArray fromPixels(NDManager manager, ByteBuffer pixels, Shape shape) {
        return manager.create(pixels, shape, DataType.UINT8).toType(DataType.FLOAT32, false).divi(255f);
    }
}
