package bml.probing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import bml.data.ImageSet;
import bml.training.ModelInput;
import bml.training.SnapshotModel;
import java.nio.ByteBuffer;

/**
 * Clean fit: the fraction of the training images whose eval-mode prediction (argmax of the logits) is the label the
 * run trains them with, on the clean, unaugmented images.
 *
 * <p>Why: the trainer's accuracy is measured in training mode on fresh augmented views, while the reference runs
 * behind the claim rules' "fitted" gates measured eval-mode accuracy on the clean training images (reference/paper.md
 * §4, C1); on the same runs the two differ by 15-25 points. The labels are the run's training labels (random ones
 * in a random-label run), never the true ones. With per-view labels a clean image has no single training label, so
 * clean fit is not defined there.
 */
public final class CleanFit {

    private CleanFit() {
    }

    /** The clean fit of all images, in batches of {@link FeatureExtractor#DEFAULT_BATCH_SIZE}. */
    public static double measure(SnapshotModel model, ImageSet images, int[] labels) {
        return measure(model, images, labels, FeatureExtractor.DEFAULT_BATCH_SIZE);
    }

    /**
     * The clean fit of all {@code images.size()} images.
     *
     * @param labels    the label each image is trained with, one per image
     * @param batchSize images per forward pass, at least 1
     * @throws IllegalArgumentException when the labels do not match the images or the batch size is below 1
     */
    public static double measure(SnapshotModel model, ImageSet images, int[] labels, int batchSize) {
        checkLabels(images, labels);
        return accuracy(predict(model, images, 0, images.size(), batchSize), labels);
    }

    /** The predicted class of images {@code [from, to)}, in order. */
    static int[] predict(SnapshotModel model, ImageSet images, int from, int to, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("clean fit: expected a batch size >= 1, got " + batchSize);
        }
        int[] predictions = new int[to - from];
        int bytes = images.imageBytes();
        for (int start = from; start < to; start += batchSize) {
            int n = Math.min(batchSize, to - start);
            try (NDManager batch = model.manager().newSubManager()) {
                ByteBuffer pixels = ByteBuffer.wrap(images.pixels(), start * bytes, n * bytes).slice();
                NDArray x = ModelInput.fromPixels(batch, pixels,
                        new Shape(n, images.channels(), images.height(), images.width()));
                NDList outputs = model.forward(x);
                outputs.attach(batch);
                argMax(outputs.get(outputs.size() - 1), predictions, start - from);
            }
        }
        return predictions;
    }

    /** Writes each row's argmax of {@code logits} [n, classes] into {@code into} from {@code offset} on. */
    static void argMax(NDArray logits, int[] into, int offset) {
        long[] classes = logits.argMax(1).toLongArray();
        for (int i = 0; i < classes.length; i++) {
            into[offset + i] = (int) classes[i];
        }
    }

    /** The fraction of {@code predictions} equal to {@code labels}, index by index. */
    static double accuracy(int[] predictions, int[] labels) {
        int correct = 0;
        for (int i = 0; i < predictions.length; i++) {
            correct += predictions[i] == labels[i] ? 1 : 0;
        }
        return (double) correct / predictions.length;
    }

    /** Refuses labels that are not one class per image. */
    static void checkLabels(ImageSet images, int[] labels) {
        if (labels.length != images.size()) {
            throw new IllegalArgumentException("clean fit of " + images.name() + ": expected one training label per "
                    + "image (" + images.size() + "), got " + labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= images.numClasses()) {
                throw new IllegalArgumentException("clean fit of " + images.name() + ": training label " + i
                        + " is " + labels[i] + ", expected a class in [0, " + images.numClasses() + ")");
            }
        }
    }
}
