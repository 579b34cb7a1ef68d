package bml.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColorJitterTest {
    private static double mean(byte[] px) {
        double sum = 0;
        for (byte b : px) {
            sum += b & 0xFF;
        }
        return sum / px.length;
    }

    @Test
    void probabilityZeroLeavesTheImageUnchanged() {
        ViewImage image = TestImages.random(1);
        byte[] before = image.toArray();
        new ColorJitter(0, 0.8, 0.8, 0.8, 0.2).apply(image, new SplittableRandom(1));
        assertArrayEquals(before, image.pixels());
    }

    @Test
    void brightnessOnlyScalesEveryValueByOneFactorInItsRange() {
        Set<Integer> outcomes = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            ViewImage image = TestImages.constant(3, 8, 8, 100);
            new ColorJitter(1, 0.8, 0, 0, 0).apply(image, new SplittableRandom(seed));
            int v = image.pixels()[0] & 0xFF;
            assertTrue(v >= 20 && v <= 180, "100 scaled by a factor in [0.2, 1.8] gave " + v);
            for (byte b : image.pixels()) {
                assertEquals(v, b & 0xFF);
            }
            outcomes.add(v);
        }
        assertTrue(outcomes.size() > 10, "brightness factors should vary: " + outcomes);
    }

    @Test
    void brightnessOnlyScalesTheMean() {
        ViewImage image = TestImages.random(2);
        double before = mean(image.pixels());
        new ColorJitter(1, 0.8, 0, 0, 0).apply(image, new SplittableRandom(3));
        double ratio = mean(image.pixels()) / before;
        assertTrue(Math.abs(ratio - 1) > 0.01 && ratio >= 0.19 && ratio <= 1.81, "mean ratio " + ratio);
    }

    @Test
    void contrastOnlyKeepsTheMeanAndScalesTheSpread() {
        byte[] px = new byte[64];
        for (int i = 0; i < 64; i++) {
            px[i] = (byte) (i % 2 == 0 ? 80 : 120);
        }
        Set<Integer> spreads = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            ViewImage image = ViewImage.of(px.clone(), 1, 8, 8);
            new ColorJitter(1, 0, 0.8, 0, 0).apply(image, new SplittableRandom(seed));
            int low = image.pixels()[0] & 0xFF;
            int high = image.pixels()[1] & 0xFF;
            assertEquals(200, low + high, 1, "the mean 100 must stay: " + high + ", " + low);
            assertTrue(high - low >= 7 && high - low <= 73, "spread 40 scaled into [0.2, 1.8]: " + (high - low));
            spreads.add(high - low);
        }
        assertTrue(spreads.size() > 10, "contrast factors should vary: " + spreads);
    }

    @Test
    void saturationOnlyKeepsGraysAndLumaButMovesColours() {
        ViewImage gray = TestImages.constant(3, 8, 8, 90);
        new ColorJitter(1, 0, 0, 0.8, 0).apply(gray, new SplittableRandom(1));
        assertArrayEquals(TestImages.constant(3, 8, 8, 90).pixels(), gray.pixels());

        ViewImage colour = ViewImage.of(pixel(3, 8, 8, 150, 100, 50), 3, 8, 8);
        new ColorJitter(1, 0, 0, 0.8, 0).apply(colour, new SplittableRandom(5));
        byte[] out = colour.pixels();
        assertFalse(Arrays.equals(pixel(3, 8, 8, 150, 100, 50), out));
        int luma = Luma.of(out[0] & 0xFF, out[64] & 0xFF, out[128] & 0xFF);
        assertEquals(Luma.of(150, 100, 50), luma, 2);
    }

    @Test
    void hsvHueTurnsPureRedAsTorchvisionDoes() {
        // torchvision 0.14 / Pillow 9.4: F.adjust_hue(Image.new("RGB", (1, 1), (255, 0, 0)), 0.2) is (204, 255, 0).
        ViewImage red = ViewImage.of(pixel(3, 1, 1, 255, 0, 0), 3, 1, 1);
        hueOnly(ColorJitter.HueShift.HSV).apply(red, new ColorJitter.Jitter(new int[] {3, 0, 1, 2}, 1, 1, 1, 0.2));
        assertArrayEquals(pixel(3, 1, 1, 204, 255, 0), red.pixels());
    }

    @Test
    void yiqHueIsNotThePapersButKeepsGraysAndLuma() {
        ColorJitter yiq = hueOnly(ColorJitter.HueShift.YIQ);
        ColorJitter.Jitter shift = new ColorJitter.Jitter(new int[] {3, 0, 1, 2}, 1, 1, 1, 0.2);
        ViewImage gray = TestImages.constant(3, 4, 4, 128);
        yiq.apply(gray, shift);
        for (byte b : gray.pixels()) {
            assertEquals(128, b & 0xFF, 1);
        }
        ViewImage red = ViewImage.of(pixel(3, 1, 1, 255, 0, 0), 3, 1, 1);
        yiq.apply(red, shift);
        byte[] out = red.pixels();
        assertFalse(Arrays.equals(pixel(3, 1, 1, 204, 255, 0), out), "YIQ gave torchvision's bytes");
        assertTrue((out[1] & 0xFF) > 0 && (out[2] & 0xFF) == 0, "red turns towards green: " + Arrays.toString(out));
        // Luma stays for colours whose rotation stays inside the RGB cube (pure red's does not).
        ViewImage muted = ViewImage.of(pixel(3, 1, 1, 160, 90, 70), 3, 1, 1);
        yiq.apply(muted, shift);
        byte[] m = muted.pixels();
        assertEquals(Luma.of(160, 90, 70), Luma.of(m[0] & 0xFF, m[1] & 0xFF, m[2] & 0xFF), 1);
    }

    private static ColorJitter hueOnly(ColorJitter.HueShift shift) {
        return new ColorJitter(1, 0, 0, 0, 0.2, shift);
    }

    @Test
    void hueJitterChangesColours() {
        ViewImage image = ViewImage.of(pixel(3, 4, 4, 200, 30, 30), 3, 4, 4);
        new ColorJitter(1, 0, 0, 0, 0.2).apply(image, new SplittableRandom(2));
        assertFalse(Arrays.equals(pixel(3, 4, 4, 200, 30, 30), image.pixels()));
    }

    @Test
    void saturationAndHueAreNoOpsOnOneChannel() {
        ViewImage image = ViewImage.of(TestImages.random(6).toArray(), 3, 8, 8);
        ViewImage single = ViewImage.of(Arrays.copyOf(image.pixels(), 64), 1, 8, 8);
        byte[] before = single.toArray();
        new ColorJitter(1, 0, 0, 0.8, 0.5).apply(single, new SplittableRandom(7));
        assertArrayEquals(before, single.pixels());
    }

    @Test
    void allFourAdjustmentsInRandomOrderStayDeterministicPerSeed() {
        ViewImage a = TestImages.random(8);
        ViewImage b = TestImages.random(8);
        ColorJitter jitter = new ColorJitter(1, 0.8, 0.8, 0.8, 0.2);
        jitter.apply(a, new SplittableRandom(11));
        jitter.apply(b, new SplittableRandom(11));
        assertArrayEquals(a.pixels(), b.pixels());
        assertFalse(Arrays.equals(TestImages.random(8).pixels(), a.pixels()));
    }

    private static byte[] pixel(int channels, int height, int width, int... rgb) {
        byte[] px = new byte[channels * height * width];
        for (int c = 0; c < channels; c++) {
            Arrays.fill(px, c * height * width, (c + 1) * height * width, (byte) rgb[c]);
        }
        return px;
    }
}
