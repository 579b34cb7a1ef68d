package bml.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
    @TempDir
    Path dir;

    /** Records with label bytes {@code labels} followed by 3072 pixel bytes equal to (record + channel). */
    private static byte[] records(int count, int... labels) {
        int size = labels.length + 3072;
        byte[] data = new byte[count * size];
        for (int r = 0; r < count; r++) {
            for (int l = 0; l < labels.length; l++) {
                data[r * size + l] = (byte) ((labels[l] + r) % (l == labels.length - 1 ? 10 : 5));
            }
            for (int c = 0; c < 3; c++) {
                Arrays.fill(data, r * size + labels.length + c * 1024, r * size + labels.length + (c + 1) * 1024,
                        (byte) (r + c));
            }
        }
        return data;
    }

    private static void writeCifar10(Path folder, int perBatch) throws IOException {
        Files.createDirectories(folder);
        for (int b = 1; b <= 5; b++) {
            Files.write(folder.resolve("data_batch_" + b + ".bin"), records(perBatch, b));
        }
        Files.write(folder.resolve("test_batch.bin"), records(perBatch, 0));
    }

    @Test
    void readsCifar10BatchesInOrderFromTheFolder() throws IOException {
        writeCifar10(dir, 3);
        DataSplits splits = CifarReader.readCifar10(dir, 0, 0);
        ImageSet train = splits.train();
        assertEquals(15, train.size());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertEquals(10, train.numClasses());
        assertEquals(2, train.labels()[3]);
        assertEquals((byte) (1 + 2), train.pixels()[4 * 3072 + 2 * 1024 + 17]);
        assertEquals(3, splits.test().size());
    }

    @Test
    void acceptsTheParentOfTheUnpackedFolderAndKeepsTheFirstImages() throws IOException {
        writeCifar10(dir.resolve("cifar-10-batches-bin"), 3);
        DataSplits splits = CifarReader.readCifar10(dir, 7, 2);
        assertEquals(7, splits.train().size());
        assertEquals(2, splits.test().size());
        assertEquals(3, splits.train().labels()[6]);
    }

    @Test
    void usesTheFineLabelOfCifar100() throws IOException {
        Path folder = dir.resolve("cifar-100-binary");
        Files.createDirectories(folder);
        byte[] train = records(4, 3, 0);
        train[1] = 99;
        Files.write(folder.resolve("train.bin"), train);
        Files.write(folder.resolve("test.bin"), records(2, 1, 7));
        DataSplits splits = CifarReader.readCifar100(dir, 0, 0);
        assertEquals(100, splits.train().numClasses());
        assertEquals(99, splits.train().labels()[0]);
        assertEquals(1, splits.train().labels()[1]);
        assertEquals(8, splits.test().labels()[1]);
    }

    @Test
    void rejectsFileThatIsNotWholeRecordsNamingTheFile() throws IOException {
        writeCifar10(dir, 3);
        byte[] cut = Arrays.copyOf(records(3, 1), 2 * 3073 + 100);
        Files.write(dir.resolve("data_batch_4.bin"), cut);
        DatasetException e = assertThrows(DatasetException.class, () -> CifarReader.readCifar10(dir, 0, 0));
        assertEquals("data_batch_4.bin: size 6246 bytes is not a whole number of 3073-byte records (2 records and "
                + "100 bytes left over)", e.getMessage());
    }

    @Test
    void rejectsLabelOutOfRangeNamingFileAndRecord() throws IOException {
        writeCifar10(dir, 3);
        byte[] test = records(3, 0);
        test[2 * 3073] = 10;
        Files.write(dir.resolve("test_batch.bin"), test);
        DatasetException e = assertThrows(DatasetException.class, () -> CifarReader.readCifar10(dir, 0, 0));
        assertEquals("test_batch.bin: record 2 has label 10, expected 0..9", e.getMessage());
    }

    @Test
    void listsMissingBatchFiles() throws IOException {
        writeCifar10(dir, 1);
        Files.delete(dir.resolve("data_batch_2.bin"));
        DatasetException e = assertThrows(DatasetException.class, () -> CifarReader.readCifar10(dir, 0, 0));
        assertTrue(e.getMessage().contains("missing data_batch_2.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("cifar-10-batches-bin"), e.getMessage());
    }

    @Test
    void rejectsMoreImagesThanTheBatchesHold() throws IOException {
        writeCifar10(dir, 2);
        DatasetException e = assertThrows(DatasetException.class, () -> CifarReader.readCifar10(dir, 11, 0));
        assertTrue(e.getMessage().startsWith("cifar10-train: 11 images requested"), e.getMessage());
        assertTrue(e.getMessage().endsWith("hold 10"), e.getMessage());
    }
}
