package bml.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlipGrayscaleCropTest {
    @Test
    void flipWithProbabilityOneMirrorsEveryRow() {
        ViewImage image = TestImages.random(1);
        byte[] before = image.toArray();
        new HorizontalFlip(1).apply(image, new SplittableRandom(1));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    assertEquals(before[c * 64 + y * 8 + x], image.pixels()[c * 64 + y * 8 + 7 - x]);
                }
            }
        }
    }

    @Test
    void flipWithProbabilityZeroLeavesTheImageUnchanged() {
        ViewImage image = TestImages.random(2);
        byte[] before = image.toArray();
        new HorizontalFlip(0).apply(image, new SplittableRandom(1));
        assertArrayEquals(before, image.pixels());
    }

    @Test
    void grayscaleWithProbabilityOneMakesTheChannelsEqualToTheLuma() {
        ViewImage image = TestImages.random(3);
        byte[] before = image.toArray();
        new RandomGrayscale(1).apply(image, new SplittableRandom(1));
        for (int i = 0; i < 64; i++) {
            double luma = 0.299 * (before[i] & 0xFF) + 0.587 * (before[64 + i] & 0xFF)
                    + 0.114 * (before[128 + i] & 0xFF);
            int l = image.pixels()[i] & 0xFF;
            assertTrue(Math.abs(l - luma) <= 0.51, "luma " + luma + " became " + l);
            assertEquals(image.pixels()[i], image.pixels()[64 + i]);
            assertEquals(image.pixels()[i], image.pixels()[128 + i]);
        }
    }

    @Test
    void grayscaleWithProbabilityZeroOrOneChannelLeavesTheImageUnchanged() {
        ViewImage image = TestImages.random(4);
        byte[] before = image.toArray();
        new RandomGrayscale(0).apply(image, new SplittableRandom(1));
        assertArrayEquals(before, image.pixels());
        ViewImage gray = ViewImage.of(Arrays.copyOf(before, 64), 1, 8, 8);
        new RandomGrayscale(1).apply(gray, new SplittableRandom(1));
        assertArrayEquals(Arrays.copyOf(before, 64), gray.pixels());
    }

    @Test
    void paddedCropWithoutPaddingLeavesTheImageUnchanged() {
        ViewImage image = TestImages.random(5);
        byte[] before = image.toArray();
        new PaddedRandomCrop(0).apply(image, new SplittableRandom(1));
        assertArrayEquals(before, image.pixels());
    }

    @Test
    void paddedCropShiftsTheImageAndFillsWithZeros() {
        boolean shifted = false;
        for (long seed = 0; seed < 20; seed++) {
            ViewImage image = TestImages.random(6);
            byte[] before = image.toArray();
            new PaddedRandomCrop(4).apply(image, new SplittableRandom(seed));
            int[] shift = findShift(before, image.pixels());
            assertTrue(shift != null, "seed " + seed + ": output is no zero-filled shift of the input");
            shifted |= shift[0] != 0 || shift[1] != 0;
        }
        assertTrue(shifted, "twenty crops never moved the image");
    }

    /** The (dx, dy) in [-4, 4] such that out(x, y) = in(x + dx, y + dy) or 0 outside, or null. */
    private static int[] findShift(byte[] in, byte[] out) {
        for (int dy = -4; dy <= 4; dy++) {
            for (int dx = -4; dx <= 4; dx++) {
                boolean match = true;
                for (int c = 0; c < 3 && match; c++) {
                    for (int y = 0; y < 8 && match; y++) {
                        for (int x = 0; x < 8 && match; x++) {
                            int sx = x + dx;
                            int sy = y + dy;
                            byte expected = sx >= 0 && sx < 8 && sy >= 0 && sy < 8 ? in[c * 64 + sy * 8 + sx] : 0;
                            match = out[c * 64 + y * 8 + x] == expected;
                        }
                    }
                }
                if (match) {
                    return new int[] {dx, dy};
                }
            }
        }
        return null;
    }

    @Test
    void resizedCropOfTheWholeImageIsTheIdentity() {
        ViewImage image = TestImages.random(7);
        byte[] before = image.toArray();
        new RandomResizedCrop(1, 1, 1, 1).apply(image, new SplittableRandom(1));
        assertArrayEquals(before, image.pixels());
    }

    @Test
    void resizedCropZoomsInSmoothlyKeepingARampMonotone() {
        byte[] ramp = new byte[3 * 16 * 16];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (byte) ((i % 16) * 16);
        }
        for (long seed = 0; seed < 10; seed++) {
            ViewImage image = ViewImage.of(ramp.clone(), 3, 16, 16);
            new RandomResizedCrop(0.08, 0.3, 0.75, 4.0 / 3).apply(image, new SplittableRandom(seed));
            byte[] out = image.pixels();
            assertFalse(Arrays.equals(ramp, out), "a crop of at most 30% of the area changed nothing");
            for (int row = 0; row < 3 * 16; row++) {
                for (int x = 1; x < 16; x++) {
                    assertTrue((out[row * 16 + x] & 0xFF) >= (out[row * 16 + x - 1] & 0xFF), "row " + row
                            + " not monotone at " + x);
                }
                assertEquals(out[row * 16], out[(row % 16) * 16], "rows of the ramp must stay identical");
            }
            int span = (out[15] & 0xFF) - (out[0] & 0xFF);
            assertTrue(span < 16 * 15 * 0.75, "a zoomed crop should cover less of the ramp, span " + span);
        }
    }
}
