package bml.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.DataSettings;
import bml.config.DataSource;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedFashionMnistTest {
    private static final String TRAIN_IMAGES = IdxReader.TRAIN_IMAGES + ".gz";

    @Test
    void fashionMnistWithoutPathLoadsTheEmbeddedClassBalancedSlice() {
        DataSplits splits = Datasets.load(new DataSettings(DataSource.FASHION_MNIST, "", 0, 0), 1);
        assertShape(splits.train(), "fashion-mnist-train", 6000, 600);
        assertShape(splits.test(), "fashion-mnist-test", 1000, 100);
        long classesInFirst100 = Arrays.stream(splits.train().labels(), 0, 100).distinct().count();
        assertTrue(classesInFirst100 >= 5, "first 100 training images hold " + classesInFirst100 + " classes");
    }

    @Test
    void keepsTheFirstRequestedEmbeddedImages() {
        DataSplits all = EmbeddedFashionMnist.load(0, 0);
        DataSplits head = Datasets.load(new DataSettings(DataSource.FASHION_MNIST, " ", 30, 20), 1);
        assertEquals(30, head.train().size());
        assertEquals(20, head.test().size());
        assertArrayEquals(all.train().head(30).pixels(), head.train().pixels());
        assertArrayEquals(Arrays.copyOf(all.test().labels(), 20), head.test().labels());
    }

    @Test
    void askingForMoreThanTheEmbeddedImagesNamesTheSettingAndTheLimit() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.load(new DataSettings(DataSource.FASHION_MNIST, "", 6001, 0), 1));
        assertTrue(e.getMessage().startsWith("data.train-size: 6001 training images requested, the embedded "
                + "fashion-mnist slice holds 6000"), e.getMessage());
        DatasetException test = assertThrows(DatasetException.class,
                () -> Datasets.load(new DataSettings(DataSource.FASHION_MNIST, "", 0, 1001), 1));
        assertTrue(test.getMessage().startsWith("data.test-size: 1001 test images requested"), test.getMessage());
    }

    @Test
    void checksumVerifierRefusesAResourceWithOneFlippedByte() {
        byte[] data = EmbeddedFashionMnist.resource(TRAIN_IMAGES);
        String expected = embeddedSums().get(TRAIN_IMAGES);
        ChecksumVerifier.verify(TRAIN_IMAGES, data, expected);
        byte[] corrupt = flipped(data);
        String actual = ChecksumVerifier.sha256Hex(corrupt);
        DatasetException e = assertThrows(DatasetException.class,
                () -> ChecksumVerifier.verify(TRAIN_IMAGES, corrupt, expected));
        assertEquals(TRAIN_IMAGES + ": SHA-256 mismatch, expected " + expected + ", got " + actual
                + ": the embedded data is corrupt", e.getMessage());
    }

    @Test
    void loaderRefusesACorruptEmbeddedFileBeforeParsingIt() {
        String labels = IdxReader.TEST_LABELS + ".gz";
        DatasetException e = assertThrows(DatasetException.class, () -> EmbeddedFashionMnist.load(0, 0,
                file -> file.equals(labels) ? flipped(EmbeddedFashionMnist.resource(file))
                        : EmbeddedFashionMnist.resource(file)));
        assertTrue(e.getMessage().startsWith(EmbeddedFashionMnist.FOLDER + labels + ": SHA-256 mismatch, expected "
                + embeddedSums().get(labels) + ", got "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": the embedded data is corrupt"), e.getMessage());
    }

    @Test
    void rawPixelKnnOnTheSliceIsInFashionMnistRange() {
        DataSplits splits = EmbeddedFashionMnist.load(1000, 500);
        double accuracy = RawPixelKnn.accuracy(splits.train(), splits.test(), 20);
        assertTrue(accuracy > 0.6 && accuracy < 0.9, "raw-pixel 20-NN accuracy " + accuracy);
    }

    private static void assertShape(ImageSet set, String name, int size, int perClass) {
        assertEquals(name, set.name());
        assertEquals(size, set.size());
        assertEquals(1, set.channels());
        assertEquals(28, set.height());
        assertEquals(28, set.width());
        assertEquals(10, set.numClasses());
        int[] counts = new int[10];
        for (int label : set.labels()) {
            counts[label]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, perClass);
        assertArrayEquals(expected, counts, name + " class counts");
    }

    private static Map<String, String> embeddedSums() {
        return Sha256Sums.parse(EmbeddedFashionMnist.SUMS,
                EmbeddedFashionMnist.resource(EmbeddedFashionMnist.SUMS));
    }

    private static byte[] flipped(byte[] data) {
        byte[] copy = data.clone();
        copy[copy.length / 2] ^= 0x01;
        return copy;
    }
}
