package bml.augmentation;

import java.util.Arrays;

/**
 * One mutable uint8 image in planar CHW layout, with reusable scratch buffers, that augmentation ops transform in
 * place.
 *
 * <p>Ops that cannot work in place write into {@link #spare()} and then {@link #swap()}; ops that need integer
 * tables take them from {@link #ints(int)}. Nothing is allocated per view once the buffers have grown, which keeps
 * the renderers fast. <b>Not thread-safe:</b> one per worker.
 */
public final class ViewImage {
    private final int channels;
    private final int height;
    private final int width;
    private final int planeSize;
    private byte[] pixels;
    private byte[] spare;
    private int[] ints = new int[0];

    public ViewImage(int channels, int height, int width) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("invalid view shape " + channels + "x" + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.planeSize = height * width;
        this.pixels = new byte[channels * planeSize];
        this.spare = new byte[channels * planeSize];
    }

    /** A view holding a copy of {@code chw} (exactly {@code channels * height * width} bytes). */
    public static ViewImage of(byte[] chw, int channels, int height, int width) {
        ViewImage image = new ViewImage(channels, height, width);
        if (chw.length != image.size()) {
            throw new IllegalArgumentException("expected " + image.size() + " bytes for " + channels + "x" + height
                    + "x" + width + ", got " + chw.length);
        }
        image.load(chw, 0);
        return image;
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

    /** Pixels per channel plane: {@code height * width}. */
    public int planeSize() {
        return planeSize;
    }

    /** Bytes in the image: {@code channels * height * width}. */
    public int size() {
        return pixels.length;
    }

    /** The current pixels (planar CHW), mutable in place. */
    public byte[] pixels() {
        return pixels;
    }

    /** A second buffer of the same size whose content is undefined; fill it, then call {@link #swap()}. */
    public byte[] spare() {
        return spare;
    }

    /** Makes the spare buffer the current pixels. */
    public void swap() {
        byte[] t = pixels;
        pixels = spare;
        spare = t;
    }

    /** An int scratch array of at least {@code length} entries with undefined content, grown on first need. */
    public int[] ints(int length) {
        if (ints.length < length) {
            ints = new int[length];
        }
        return ints;
    }

    /** Replaces the pixels with {@link #size()} bytes of {@code src} from {@code offset}. */
    public void load(byte[] src, int offset) {
        System.arraycopy(src, offset, pixels, 0, pixels.length);
    }

    /** Writes the pixels into {@code dst} at {@code offset}. */
    public void store(byte[] dst, int offset) {
        System.arraycopy(pixels, 0, dst, offset, pixels.length);
    }

    /** A copy of the current pixels. */
    public byte[] toArray() {
        return Arrays.copyOf(pixels, pixels.length);
    }
}
