package bml.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.Pipeline;
import bml.data.ImageSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The i.i.d. control's pools: same class, disjoint, fixed by the seed; and the views they render. */
class IidPoolsTest {
    private static final int CLASSES = 4;

    /** {@code size} random 3x8x8 images with uniformly random classes. */
    private static ImageSet images(String name, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] pixels = new byte[size * 3 * 8 * 8];
        rng.nextBytes(pixels);
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
        return new ImageSet(name, size, 3, 8, 8, pixels, labels, CLASSES);
    }

    private static final ImageSet SAMPLES = images("samples", 40, 1);
    private static final ImageSet BEYOND = images("beyond", 400, 2);

    @Test
    void everySampleGetsKImagesOfItsOwnClassNoTwoSamplesSharingOne() {
        int k = 5;
        IidPools pools = IidPools.assign(SAMPLES, BEYOND, k, 7);
        assertEquals(k, pools.perSample());
        Set<Integer> used = new HashSet<>();
        for (int s = 0; s < SAMPLES.size(); s++) {
            for (int v = 0; v < k; v++) {
                int image = pools.image(s, v);
                assertTrue(image >= 0 && image < BEYOND.size());
                assertEquals(SAMPLES.labels()[s], BEYOND.labels()[image], "view " + v + " of sample " + s);
                assertTrue(used.add(image), "image " + image + " is in two pools");
            }
        }
        assertEquals(SAMPLES.size() * k, used.size());
    }

    @Test
    void theSeedFixesThePools() {
        IidPools a = IidPools.assign(SAMPLES, BEYOND, 3, 7);
        IidPools b = IidPools.assign(SAMPLES, BEYOND, 3, 7);
        IidPools other = IidPools.assign(SAMPLES, BEYOND, 3, 8);
        boolean differs = false;
        for (int s = 0; s < SAMPLES.size(); s++) {
            for (int v = 0; v < 3; v++) {
                assertEquals(a.image(s, v), b.image(s, v));
                differs |= a.image(s, v) != other.image(s, v);
            }
        }
        assertTrue(differs, "another seed draws other pools");
    }

    @Test
    void tooFewImagesOfAClassAreRefusedNamingIt() {
        ImageSet few = images("few", 60, 3);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> IidPools.assign(SAMPLES, few, 5, 7));
        assertTrue(error.getMessage().contains("iid views: class "), error.getMessage());
        assertTrue(error.getMessage().contains("augmentation.views-per-sample"), error.getMessage());
    }

    @Test
    void anIidViewIsItsPoolImageUntransformedAndTheSameOnEveryCall() {
        ViewRenderer renderer = new ViewRenderer(SAMPLES, TestImages.settings(Pipeline.IID, 4), 7, BEYOND);
        IidPools pools = IidPools.assign(SAMPLES, BEYOND, 4, 7);
        byte[] view = new byte[SAMPLES.imageBytes()];
        byte[] expected = new byte[SAMPLES.imageBytes()];
        for (int s : new int[] {0, 17, 39}) {
            for (int v = 0; v < 4; v++) {
                renderer.render(s, v, view, 0);
                BEYOND.copyImage(pools.image(s, v), expected, 0);
                assertArrayEquals(expected, view, "view " + v + " of sample " + s);
                byte[] own = new byte[SAMPLES.imageBytes()];
                SAMPLES.copyImage(s, own, 0);
                assertNotEquals(Arrays.toString(own), Arrays.toString(view), "never the sample itself");
            }
        }
    }

    @Test
    void theIidPipelineNeedsTheImagesBeyondTheSamples() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new ViewRenderer(SAMPLES, TestImages.settings(Pipeline.IID, 4), 7));
        assertTrue(error.getMessage().contains("beyond the first data.train-size"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pipelines.build(TestImages.settings(Pipeline.IID, 4)));
    }
}
