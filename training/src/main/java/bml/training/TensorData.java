package bml.training;

/**
 * A named host copy of one tensor: its shape and float values in row-major order.
 *
 * <p>Why: snapshots and checkpoints carry weights as plain Java data, never as live engine arrays.
 */
record TensorData(String name, long[] shape, float[] values) {

    TensorData {
        long expected = Tensors.elements(shape);
        if (expected != values.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Tensors.describe(shape)
                    + " needs " + expected + " values, got " + values.length);
        }
    }
}
