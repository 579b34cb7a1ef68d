package bml.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Moves float values between Java arrays and engine-owned tensors.
 *
 * <p>Why: on the CPU, DJL's {@code create(float[])} makes a tensor that aliases a Java direct buffer. Weights
 * and optimiser state must live in engine-allocated memory instead (other tensors share their storage, so
 * the Java buffer's lifetime must not matter), hence every copy goes through an in-place indexed assignment.
 */
final class Tensors {

    private static final NDIndex ALL = new NDIndex("...");

    private Tensors() {
    }

    /** A new engine-owned tensor of {@code shape} holding {@code values}. */
    static NDArray owned(NDManager manager, float[] values, Shape shape) {
        NDArray target = manager.zeros(shape);
        copyInto(target, values);
        return target;
    }

    /** Overwrites every element of {@code target} in place (NaN-safe), keeping its storage. */
    static void copyInto(NDArray target, float[] values) {
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            target.set(ALL, source);
        }
    }

    /** Sets every element of {@code target} to zero in place, whatever it held (NaN and infinities included). */
    static void zero(NDArray target) {
        target.set(ALL, 0f);
    }

    static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    static String describe(long[] shape) {
        return new Shape(shape).toString();
    }
}
