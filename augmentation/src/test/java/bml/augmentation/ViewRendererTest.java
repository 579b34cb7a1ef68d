package bml.augmentation;

import bml.config.Pipeline;
import bml.data.ImageSet;
import bml.data.ShapesDataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ViewRendererTest {
    private static final ImageSet TRAIN = ShapesDataset.generate(20, 4, "shapes-train");

    private static byte[] render(ViewRenderer renderer, int sample, long view) {
        byte[] out = new byte[TRAIN.imageBytes()];
        renderer.render(sample, view, out, 0);
        return out;
    }

    @Test
    void sameSeedGivesByteIdenticalViewsWhateverTheOrder() {
        ViewRenderer forward = new ViewRenderer(TRAIN, TestImages.settings(Pipeline.FULL, 0), 42);
        ViewRenderer backward = new ViewRenderer(TRAIN, TestImages.settings(Pipeline.FULL, 0), 42);
        byte[][] first = new byte[40][];
        for (int i = 0; i < 40; i++) {
            first[i] = render(forward, i % 20, i / 20);
        }
        for (int i = 39; i >= 0; i--) {
            assertArrayEquals(first[i], render(backward, i % 20, i / 20), "view " + i);
            assertArrayEquals(first[i], render(forward, i % 20, i / 20), "view " + i + " rendered again");
        }
    }

    @Test
    void differentSeedGivesDifferentViews() {
        byte[] a = render(new ViewRenderer(TRAIN, TestImages.settings(Pipeline.FULL, 0), 1), 3, 0);
        byte[] b = render(new ViewRenderer(TRAIN, TestImages.settings(Pipeline.FULL, 0), 2), 3, 0);
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void distinctViewIdsGiveDistinctViews() {
        ViewRenderer renderer = new ViewRenderer(TRAIN, TestImages.settings(Pipeline.FULL, 0), 1);
        byte[][] views = new byte[8][];
        for (int v = 0; v < 8; v++) {
            views[v] = render(renderer, 5, v);
            for (int u = 0; u < v; u++) {
                assertFalse(Arrays.equals(views[u], views[v]), "views " + u + " and " + v + " are equal");
            }
        }
    }

    @Test
    void noPipelineRendersTheSourceImageAtTheOffset() {
        ViewRenderer renderer = new ViewRenderer(TRAIN, TestImages.settings(Pipeline.NONE, 0), 1);
        byte[] out = new byte[TRAIN.imageBytes() + 5];
        renderer.render(7, 3, out, 5);
        byte[] expected = new byte[TRAIN.imageBytes()];
        TRAIN.copyImage(7, expected, 0);
        assertArrayEquals(expected, Arrays.copyOfRange(out, 5, out.length));
    }

    @Test
    void standardViewsDifferFromTheSourceForSomeViews() {
        ViewRenderer renderer = new ViewRenderer(TRAIN, TestImages.settings(Pipeline.STANDARD, 0), 1);
        byte[] source = new byte[TRAIN.imageBytes()];
        TRAIN.copyImage(0, source, 0);
        int changed = 0;
        for (int v = 0; v < 10; v++) {
            changed += Arrays.equals(source, render(renderer, 0, v)) ? 0 : 1;
        }
        assertTrue(changed >= 8, "only " + changed + " of 10 standard views changed the image");
    }
}
