package bml.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.DataSettings;
import bml.config.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void generatesShapesFromTheSeedWithTheRequestedSizes() {
        DataSplits splits = Datasets.load(new DataSettings(DataSource.SHAPES, "", 40, 20), 5);
        assertEquals(40, splits.train().size());
        assertEquals(20, splits.test().size());
        assertEquals("shapes-train", splits.train().name());
        assertArrayEquals(ShapesDataset.generate(40, 5, "shapes-train").pixels(), splits.train().pixels());
    }

    @Test
    void readsIdxFilesFromDataPath() throws IOException {
        IdxFiles.writeDataset(dir, 6, 4, true);
        DataSplits splits = Datasets.load(new DataSettings(DataSource.FASHION_MNIST, dir.toString(), 5, 0), 1);
        assertEquals(5, splits.train().size());
        assertEquals(4, splits.test().size());
        assertEquals(1, splits.train().channels());
    }

    @Test
    void emptyDataPathSaysWhichFilesAreExpected() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.load(new DataSettings(DataSource.MNIST, "", 0, 0), 1));
        assertTrue(e.getMessage().startsWith("data.path is empty: source mnist reads the IDX files "
                + "train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], "
                + "t10k-labels-idx1-ubyte[.gz]"), e.getMessage());
        DatasetException cifar = assertThrows(DatasetException.class,
                () -> Datasets.load(new DataSettings(DataSource.CIFAR100, " ", 0, 0), 1));
        assertTrue(cifar.getMessage().contains("train.bin, test.bin"), cifar.getMessage());
    }

    @Test
    void dataPathThatIsNotADirectoryIsNamed() {
        Path missing = dir.resolve("nowhere");
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.load(new DataSettings(DataSource.CIFAR10, missing.toString(), 0, 0), 1));
        assertTrue(e.getMessage().startsWith("data.path: " + missing + " is not a directory"), e.getMessage());
    }
}
