package bml.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageSetTest {
    private static ImageSet threeImages() {
        byte[] px = new byte[3 * 2 * 2 * 2];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        return new ImageSet("t", 3, 2, 2, 2, px, new int[] {0, 1, 2}, 3);
    }

    @Test
    void copiesOneImageInPlanarLayout() {
        ImageSet set = threeImages();
        byte[] dst = new byte[10];
        set.copyImage(1, dst, 2);
        assertEquals(8, set.imageBytes());
        assertArrayEquals(new byte[] {0, 0, 8, 9, 10, 11, 12, 13, 14, 15}, dst);
    }

    @Test
    void headKeepsTheFirstImagesAndLabels() {
        ImageSet head = threeImages().head(2);
        assertEquals(2, head.size());
        assertArrayEquals(new int[] {0, 1}, head.labels());
        assertArrayEquals(Arrays.copyOf(threeImages().pixels(), 16), head.pixels());
        ImageSet all = threeImages();
        assertSame(all, all.head(5));
    }

    @Test
    void rejectsPixelsThatDoNotMatchTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("bad", 2, 1, 2, 2, new byte[7], new int[2], 10));
        assertTrue(e.getMessage().contains("expected 8 pixel bytes, got 7"), e.getMessage());
    }

    @Test
    void rejectsLabelsOutsideTheClassRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet("bad", 1, 1, 1, 1, new byte[1], new int[] {10}, 10));
        assertTrue(e.getMessage().contains("label of image 0 is 10"), e.getMessage());
    }
}
