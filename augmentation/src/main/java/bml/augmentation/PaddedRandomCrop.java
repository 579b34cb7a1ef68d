package bml.augmentation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Pads the image with {@code padding} zero pixels on every side and crops it back to its size at a uniformly random
 * offset (torchvision {@code RandomCrop(size, padding)}; the standard CIFAR set uses padding 4).
 *
 * <p>Equivalent to shifting the image by up to {@code padding} pixels in each direction and filling with black.
 */
public final class PaddedRandomCrop implements AugmentationOp {
    private final int padding;

    /** @param padding zero pixels added on each side, >= 0; the standard set uses 4 */
    public PaddedRandomCrop(int padding) {
        if (padding < 0) {
            throw new IllegalArgumentException("padding: expected >= 0, got " + padding);
        }
        this.padding = padding;
    }

    @Override
    public void apply(ViewImage image, SplittableRandom rng) {
        int top = rng.nextInt(2 * padding + 1);
        int left = rng.nextInt(2 * padding + 1);
        int dy = top - padding;
        int dx = left - padding;
        if (dx == 0 && dy == 0) {
            return;
        }
        int h = image.height();
        int w = image.width();
        byte[] src = image.pixels();
        byte[] dst = image.spare();
        Arrays.fill(dst, (byte) 0);
        int x0 = Math.max(0, -dx);
        int x1 = Math.min(w, w - dx);
        int y0 = Math.max(0, -dy);
        int y1 = Math.min(h, h - dy);
        if (x0 < x1) {
            for (int c = 0; c < image.channels(); c++) {
                int plane = c * image.planeSize();
                for (int y = y0; y < y1; y++) {
                    System.arraycopy(src, plane + (y + dy) * w + x0 + dx, dst, plane + y * w + x0, x1 - x0);
                }
            }
        }
        image.swap();
    }

    @Override
    public String toString() {
        return "PaddedRandomCrop(padding=" + padding + ")";
    }
}
