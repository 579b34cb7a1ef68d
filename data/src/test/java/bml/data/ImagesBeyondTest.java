package bml.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.BmlSettings;
import bml.config.DataSettings;
import bml.config.DataSource;
import bml.config.SettingsLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training images beyond the first N, loaded for the i.i.d. views and only for them. */
class ImagesBeyondTest {
    @TempDir
    Path dir;

    @Test
    void shapesGeneratesTheWantedImagesAfterUnchangedFirstN() {
        DataSettings data = new DataSettings(DataSource.SHAPES, "", 40, 20);
        DataSplits plain = Datasets.load(data, 5);
        DataSplits more = Datasets.load(data, 5, 60);
        assertArrayEquals(plain.train().pixels(), more.train().pixels(), "the first N are the same images");
        assertArrayEquals(plain.train().labels(), more.train().labels());
        assertEquals(60, more.beyond().size());
        ImageSet hundred = ShapesDataset.generate(100, 5, "shapes-train");
        assertArrayEquals(Arrays.copyOfRange(hundred.pixels(), 40 * hundred.imageBytes(),
                100 * hundred.imageBytes()), more.beyond().pixels(), "images 40..99 of the same generator");
        assertEquals(0, plain.beyond().size(), "none unless asked for");
    }

    @Test
    void aDataSetFromFilesIsReadWholeAndSplitAfterN() throws IOException {
        IdxFiles.writeDataset(dir, 9, 4, true);
        DataSplits splits = Datasets.load(new DataSettings(DataSource.FASHION_MNIST, dir.toString(), 5, 0), 1, 100);
        assertEquals(5, splits.train().size());
        assertEquals(4, splits.beyond().size(), "all the split holds beyond N");
    }

    @Test
    void onlyTheIidPipelineLoadsImagesBeyondAndEnoughOfEachClassForKPerSample() {
        for (int n : new int[] {10, 40, 64}) {
            BmlSettings iid = SettingsLoader.load(Optional.empty(), List.of("data.train-size=" + n,
                    "augmentation.pipeline=iid", "augmentation.views-per-sample=4"));
            DataSplits splits = Datasets.forRun(iid);
            int[] needed = new int[splits.train().numClasses()];
            int[] held = new int[needed.length];
            Arrays.stream(splits.train().labels()).forEach(label -> needed[label] += 4);
            Arrays.stream(splits.beyond().labels()).forEach(label -> held[label]++);
            for (int c = 0; c < needed.length; c++) {
                assertTrue(held[c] >= needed[c], "N = " + n + ", class " + c + ": " + held[c] + " < " + needed[c]);
            }
            assertTrue(splits.beyond().size() >= 6 * n, "at least 1.5 N K");
            assertEquals(splits.beyond().size(), Datasets.forRun(iid).beyond().size(), "the seed fixes the count");
        }
        BmlSettings full = SettingsLoader.load(Optional.empty(), List.of("data.train-size=40",
                "augmentation.views-per-sample=4"));
        assertEquals(0, Datasets.iidViews(full));
        assertEquals(0, Datasets.forRun(full).beyond().size());
    }

    @Test
    void aSplitWithTooFewImagesOfAClassIsANamedError() throws IOException {
        IdxFiles.writeDataset(dir, 12, 4, true);
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.loadForIidViews(new DataSettings(DataSource.FASHION_MNIST, dir.toString(), 6, 0), 1, 3));
        assertTrue(e.getMessage().contains("augmentation.pipeline = iid: class "), e.getMessage());
        assertTrue(e.getMessage().contains("beyond the first 6"), e.getMessage());
    }

    @Test
    void noImagesBeyondTheWholeSplitIsANamedError() throws IOException {
        DatasetException all = assertThrows(DatasetException.class,
                () -> Datasets.load(new DataSettings(DataSource.SHAPES, "", 0, 10), 1, 10));
        assertTrue(all.getMessage().contains("data.train-size = 0"), all.getMessage());
        IdxFiles.writeDataset(dir, 5, 4, true);
        DatasetException none = assertThrows(DatasetException.class,
                () -> Datasets.load(new DataSettings(DataSource.FASHION_MNIST, dir.toString(), 5, 0), 1, 10));
        assertTrue(none.getMessage().contains("none beyond data.train-size = 5"), none.getMessage());
    }
}
