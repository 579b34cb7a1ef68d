package bml.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShapesDatasetTest {
    @Test
    void sampleIsTheSameWhateverTheRequestedSize() {
        ImageSet small = ShapesDataset.generate(5, 7, "shapes-train");
        ImageSet large = ShapesDataset.generate(50, 7, "shapes-train");
        assertArrayEquals(small.pixels(), Arrays.copyOf(large.pixels(), small.pixels().length));
        assertArrayEquals(small.labels(), Arrays.copyOf(large.labels(), 5));
    }

    @Test
    void seedAndPurposeChangeTheImages() {
        byte[] a = ShapesDataset.generate(5, 7, "shapes-train").pixels();
        assertFalse(Arrays.equals(a, ShapesDataset.generate(5, 8, "shapes-train").pixels()));
        assertFalse(Arrays.equals(a, ShapesDataset.generate(5, 7, "shapes-test").pixels()));
    }

    @Test
    void makesThirtyTwoPixelRgbImagesOfEveryShape() {
        ImageSet set = ShapesDataset.generate(300, 3, "shapes-train");
        assertEquals(3, set.channels());
        assertEquals(32, set.height());
        assertEquals(32, set.width());
        assertEquals(10, set.numClasses());
        int[] counts = new int[10];
        for (int label : set.labels()) {
            counts[label]++;
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(counts[c] > 10, "class " + c + " appears " + counts[c] + " times in 300");
        }
    }

    @Test
    void usesOnlyTheRequestedNumberOfClasses() {
        ImageSet set = ShapesDataset.generate(100, 4, 3, "shapes-train");
        assertEquals(4, set.numClasses());
        assertTrue(Arrays.stream(set.labels()).allMatch(l -> l < 4));
    }

    @Test
    void rawPixelKnnIsAboveChanceButFarFromSolved() {
        ImageSet bank = ShapesDataset.generate(1000, 1, "shapes-train");
        ImageSet queries = ShapesDataset.generate(500, 1, "shapes-test");
        double accuracy = RawPixelKnn.accuracy(bank, queries, 20);
        assertTrue(accuracy > 0.12 && accuracy < 0.40, "raw-pixel 20-NN accuracy " + accuracy);
    }
}
