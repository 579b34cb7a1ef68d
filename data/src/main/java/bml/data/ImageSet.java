package bml.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A set of labelled uint8 images stored as one flat array: planar CHW per image (one plane of
 * {@code height * width} bytes per channel), images concatenated.
 *
 * <p>A final class rather than a record because it holds arrays: the accessors hand out the backing arrays without
 * copying (the view renderers read millions of images from them), so callers must treat them as read-only.
 */
public final class ImageSet {
    private final String name;
    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final int[] labels;
    private final int numClasses;

    /**
     * Wraps the arrays without copying.
     *
     * @throws IllegalArgumentException if the array lengths disagree with the shape or a label is outside
     *     {@code [0, numClasses)}
     */
    public ImageSet(String name, int size, int channels, int height, int width, byte[] pixels, int[] labels,
                    int numClasses) {
        this.name = Objects.requireNonNull(name, "name");
        if (size < 0 || channels <= 0 || height <= 0 || width <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException(name + ": invalid shape size=" + size + " channels=" + channels
                    + " height=" + height + " width=" + width + " numClasses=" + numClasses);
        }
        long expectedBytes = (long) size * channels * height * width;
        if (pixels.length != expectedBytes) {
            throw new IllegalArgumentException(name + ": expected " + expectedBytes + " pixel bytes, got "
                    + pixels.length);
        }
        if (labels.length != size) {
            throw new IllegalArgumentException(name + ": expected " + size + " labels, got " + labels.length);
        }
        for (int i = 0; i < size; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(name + ": label of image " + i + " is " + labels[i]
                        + ", expected 0.." + (numClasses - 1));
            }
        }
        this.size = size;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The backing pixel array (not a copy): planar CHW per image, images concatenated. */
    public byte[] pixels() {
        return pixels;
    }

    /** The backing true-label array (not a copy), one per image. */
    public int[] labels() {
        return labels;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Bytes per image: {@code channels * height * width}. */
    public int imageBytes() {
        return channels * height * width;
    }

    /** Copies image {@code index} (CHW) into {@code dst} at {@code dstOffset}. */
    public void copyImage(int index, byte[] dst, int dstOffset) {
        Objects.checkIndex(index, size);
        int bytes = imageBytes();
        System.arraycopy(pixels, index * bytes, dst, dstOffset, bytes);
    }

    /** The first {@code n} images (copied), or this set itself when {@code n >= size}. */
    public ImageSet head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": cannot take the first " + n + " images");
        }
        if (n >= size) {
            return this;
        }
        return new ImageSet(name, n, channels, height, width, Arrays.copyOf(pixels, n * imageBytes()),
                Arrays.copyOf(labels, n), numClasses);
    }

    /** The images from {@code start} on (copied), named {@code <name>-from-<start>}. */
    public ImageSet from(int start) {
        if (start < 0 || start > size) {
            throw new IllegalArgumentException(name + ": cannot take the images from " + start + " of " + size);
        }
        int bytes = imageBytes();
        return new ImageSet(name + "-from-" + start, size - start, channels, height, width,
                Arrays.copyOfRange(pixels, start * bytes, size * bytes), Arrays.copyOfRange(labels, start, size),
                numClasses);
    }

    /** A short description such as {@code fashion-mnist-train: 60000 x 1x28x28, 10 classes}. */
    public String describe() {
        return name + ": " + size + " x " + channels + "x" + height + "x" + width + ", " + numClasses + " classes";
    }

    @Override
    public String toString() {
        return "ImageSet[" + describe() + "]";
    }
}
