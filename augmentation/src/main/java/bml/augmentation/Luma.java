package bml.augmentation;

/**
 * Pillow's RGB-to-L conversion ({@code L24} in {@code libImaging/Convert.c}), exact, shared by grayscale,
 * saturation and contrast.
 */
final class Luma {
    private Luma() {}

    /** {@code 0.299 r + 0.587 g + 0.114 b}, rounded, for r, g, b in [0, 255]. */
    static int of(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }
}
