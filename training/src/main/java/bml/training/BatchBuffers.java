package bml.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reusable direct buffers that turn a batch of uint8 images and int labels into engine arrays.
 *
 * <p>Why: a training step must not allocate large Java memory, and the pixels must cross to the engine in
 * one bulk copy and be converted to float on the device in one batched operation. The arrays created here
 * alias the buffers on the CPU, so they must be closed (with their step scope) before the next batch.
 * Not thread-safe: one per {@link TrainingSession}.
 */
final class BatchBuffers {

    private final int channels;
    private final int height;
    private final int width;
    private final int imageBytes;
    private final int numClasses;
    private int capacity;
    private ByteBuffer pixels;
    private ByteBuffer labels;
    private ByteBuffer oneHot;

    BatchBuffers(int channels, int height, int width, int numClasses, int capacity) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.imageBytes = channels * height * width;
        this.numClasses = numClasses;
        allocate(capacity);
    }

    private void allocate(int images) {
        capacity = images;
        pixels = ByteBuffer.allocateDirect(Math.multiplyExact(images, imageBytes));
        labels = ByteBuffer.allocateDirect(images * Long.BYTES).order(ByteOrder.nativeOrder());
        oneHot = ByteBuffer.allocateDirect(images * numClasses * Float.BYTES).order(ByteOrder.nativeOrder());
    }

    /**
     * Checks a batch and stages its labels; call before {@link #images}, {@link #labels}, {@link #oneHot}.
     *
     * @throws IllegalArgumentException naming the argument and index when the batch is malformed
     */
    void stage(byte[] pixelBytes, int[] labelValues, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("batch count: expected > 0, got " + count);
        }
        long needed = (long) count * imageBytes;
        if (pixelBytes.length < needed) {
            throw new IllegalArgumentException("batch pixels: expected at least " + needed + " bytes for "
                    + count + " images of " + channels + "x" + height + "x" + width + ", got " + pixelBytes.length);
        }
        if (labelValues.length < count) {
            throw new IllegalArgumentException(
                    "batch labels: expected at least " + count + " labels, got " + labelValues.length);
        }
        if (count > capacity) {
            allocate(count);
        }
        labels.clear();
        oneHot.clear();
        for (int i = 0; i < count * numClasses; i++) {
            oneHot.putFloat(i * Float.BYTES, 0f);
        }
        for (int i = 0; i < count; i++) {
            int label = labelValues[i];
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("batch labels[" + i + "]: expected a class in [0, "
                        + numClasses + "), got " + label);
            }
            labels.putLong(i * Long.BYTES, label);
            oneHot.putFloat((i * numClasses + label) * Float.BYTES, 1f);
        }
        labels.limit(count * Long.BYTES);
        oneHot.limit(count * numClasses * Float.BYTES);
        pixels.clear();
        pixels.put(pixelBytes, 0, (int) needed);
        pixels.flip();
    }

    /** The staged images as the network's input, see {@link ModelInput}. */
    NDArray images(NDManager scope, int count) {
        return ModelInput.fromPixels(scope, pixels, new Shape(count, channels, height, width));
    }

    /** The staged labels as int64 (count). */
    NDArray labels(NDManager scope, int count) {
        return scope.create(labels, new Shape(count), DataType.INT64);
    }

    /** The staged labels as float32 one-hot rows (count x classes). */
    NDArray oneHot(NDManager scope, int count) {
        return scope.create(oneHot, new Shape(count, numClasses), DataType.FLOAT32);
    }
}
