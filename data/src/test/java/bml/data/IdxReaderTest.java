package bml.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsPlainAndGzippedFilesAsOneChannelImages(boolean gz) throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, gz);
        DataSplits splits = IdxReader.read(dir, "fashion-mnist", 0, 0);
        ImageSet train = splits.train();
        assertEquals("fashion-mnist-train", train.name());
        assertEquals(12, train.size());
        assertEquals(1, train.channels());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        assertEquals(10, train.numClasses());
        assertEquals(3, train.labels()[3]);
        assertEquals((byte) (2 * 7 + 5), train.pixels()[2 * 784 + 5]);
        assertEquals(5, splits.test().size());
    }

    @Test
    void keepsOnlyTheFirstRequestedImages() throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, true);
        DataSplits splits = IdxReader.read(dir, "mnist", 4, 2);
        assertEquals(4, splits.train().size());
        assertEquals(4, splits.train().labels().length);
        assertEquals(2, splits.test().size());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rejectsTruncatedLabelFileNamingTheFile(boolean gz) throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, gz);
        byte[] labels = IdxFiles.cut(IdxFiles.labels(12), 8 + 7);
        IdxFiles.write(dir, IdxReader.TRAIN_LABELS, labels, gz);
        String name = IdxReader.TRAIN_LABELS + (gz ? ".gz" : "");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, "mnist", 0, 0));
        assertEquals(name + ": expected 12 labels, file ends after 7", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rejectsTruncatedImageFileEvenWhenOnlyTheFirstImagesAreKept(boolean gz) throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, gz);
        IdxFiles.write(dir, IdxReader.TRAIN_IMAGES, IdxFiles.cut(IdxFiles.images(12, 28, 28), 16 + 9 * 784 + 3), gz);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, "mnist", 2, 0));
        assertEquals(IdxReader.TRAIN_IMAGES + (gz ? ".gz" : "") + ": expected 12 images of 28x28, file ends after 9",
                e.getMessage());
    }

    @Test
    void rejectsGzipStreamCutShortNamingTheFile() throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, true);
        byte[] gz = IdxFiles.gzip(IdxFiles.images(5, 28, 28));
        Files.write(dir.resolve(IdxReader.TEST_IMAGES + ".gz"), IdxFiles.cut(gz, gz.length / 2));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, "mnist", 0, 0));
        String expected = IdxReader.TEST_IMAGES + ".gz: expected 5 images of 28x28, file ends after";
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void rejectsCorruptGzipDataNamingTheFile() throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, true);
        byte[] gz = IdxFiles.gzip(IdxFiles.labels(5));
        for (int i = 12; i < gz.length - 8; i++) {
            gz[i] = (byte) 0xFF;
        }
        Files.write(dir.resolve(IdxReader.TEST_LABELS + ".gz"), gz);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, "mnist", 0, 0));
        assertTrue(e.getMessage().startsWith(IdxReader.TEST_LABELS + ".gz: "), e.getMessage());
    }

    @Test
    void rejectsHeaderClaimingFarMoreLabelsThanTheFileHoldsWithoutAllocatingThem() throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, true);
        byte[] labels = IdxFiles.labels(5);
        ByteBuffer.wrap(labels).putInt(4, 2_000_000_000);
        IdxFiles.write(dir, IdxReader.TEST_LABELS, labels, true);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, "mnist", 0, 0));
        assertEquals(IdxReader.TEST_LABELS + ".gz: expected 2000000000 labels, file ends after 5", e.getMessage());
    }

    @Test
    void rejectsWrongMagicNumberNamingTheFile() throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, false);
        IdxFiles.write(dir, IdxReader.TRAIN_IMAGES, IdxFiles.labels(12), false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, "mnist", 0, 0));
        assertEquals(IdxReader.TRAIN_IMAGES + ": magic number 0x00000801, expected 0x00000803 (IDX unsigned-byte "
                + "images, 3 dimensions)", e.getMessage());
    }

    @Test
    void rejectsHeaderCutShort() throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, false);
        IdxFiles.write(dir, IdxReader.TEST_LABELS, new byte[] {0, 0, 8}, false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, "mnist", 0, 0));
        assertEquals(IdxReader.TEST_LABELS + ": file ends after 3 bytes, inside the 8-byte IDX header",
                e.getMessage());
    }

    @Test
    void rejectsImageAndLabelCountsThatDisagree() throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, false);
        IdxFiles.write(dir, IdxReader.TRAIN_LABELS, IdxFiles.labels(11), false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, "mnist", 0, 0));
        assertEquals(IdxReader.TRAIN_IMAGES + ": 12 images, but " + IdxReader.TRAIN_LABELS + " holds 11 labels",
                e.getMessage());
    }

    @Test
    void rejectsLabelOutsideTheTenClasses() throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, false);
        byte[] labels = IdxFiles.labels(5);
        labels[8 + 3] = 10;
        IdxFiles.write(dir, IdxReader.TEST_LABELS, labels, false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, "mnist", 0, 0));
        assertEquals(IdxReader.TEST_LABELS + ": label 3 is 10, expected 0..9", e.getMessage());
    }

    @Test
    void rejectsTrailingBytesAfterTheLabels() throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, false);
        byte[] labels = ByteBuffer.allocate(8 + 6).put(IdxFiles.labels(5)).put((byte) 1).array();
        IdxFiles.write(dir, IdxReader.TEST_LABELS, labels, false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, "mnist", 0, 0));
        assertEquals(IdxReader.TEST_LABELS + ": unexpected bytes after the 5 labels", e.getMessage());
    }

    @Test
    void rejectsMoreImagesThanTheFileHolds() throws IOException {
        IdxFiles.writeDataset(dir, 12, 5, false);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, "mnist", 13, 0));
        assertEquals(IdxReader.TRAIN_IMAGES + ": 13 images requested, the file holds 12", e.getMessage());
    }

    @Test
    void listsTheMissingFilesAndTheExpectedNames() throws IOException {
        IdxFiles.write(dir, IdxReader.TRAIN_IMAGES, IdxFiles.images(1, 28, 28), true);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(dir, "mnist", 0, 0));
        assertTrue(e.getMessage().contains("missing train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], "
                + "t10k-labels-idx1-ubyte[.gz]"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte[.gz]"), e.getMessage());
    }
}
