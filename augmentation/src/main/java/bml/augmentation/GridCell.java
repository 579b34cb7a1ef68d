package bml.augmentation;

import java.util.Objects;

/**
 * One image of a {@link ViewGrid}: uint8 planar CHW pixels (1 or 3 channels) and the caption drawn under it.
 *
 * <p>The array is not copied; the caller must not change it until the grid is written.
 */
public record GridCell(byte[] chw, int channels, int height, int width, String caption) {
    public GridCell {
        Objects.requireNonNull(chw, "chw");
        Objects.requireNonNull(caption, "caption");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("grid cell '" + caption + "': expected 1 or 3 channels, got "
                    + channels);
        }
        if (height <= 0 || width <= 0 || chw.length < channels * height * width) {
            throw new IllegalArgumentException("grid cell '" + caption + "': " + chw.length + " bytes cannot hold "
                    + channels + "x" + height + "x" + width);
        }
    }
}
