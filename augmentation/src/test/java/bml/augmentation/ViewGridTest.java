package bml.augmentation;

import bml.data.ImageSet;
import bml.data.ShapesDataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewGridTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static List<GridCell> cells() {
        ImageSet set = ShapesDataset.generate(5, 1, "shapes-train");
        List<GridCell> cells = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            byte[] chw = new byte[set.imageBytes()];
            set.copyImage(i, chw, 0);
            cells.add(new GridCell(chw, 3, 32, 32, "s" + i + " y=" + set.labels()[i]));
        }
        cells.add(new GridCell(new byte[16 * 16], 1, 16, 16, "gray: (ok)"));
        return cells;
    }

    @Test
    void writesAGridOfUpscaledCellsWithCaptions() throws IOException {
        Path out = dir.resolve("sub/grid.png");
        ViewGrid.writePng(out, cells(), 4, 2);
        BufferedImage image = ImageIO.read(out.toFile());
        int cellWidth = 64;
        int captionHeight = 7;
        assertEquals(2 + 4 * (cellWidth + 2), image.getWidth());
        assertEquals(2 + 2 * (cellWidth + captionHeight + 2), image.getHeight());
        int ink = 0;
        for (int y = 2 + cellWidth; y < 2 + cellWidth + captionHeight; y++) {
            for (int x = 2; x < 2 + cellWidth; x++) {
                ink += (image.getRGB(x, y) & 0xFFFFFF) == 0xE6E6E6 ? 1 : 0;
            }
        }
        assertTrue(ink > 10, "caption of the first cell drew " + ink + " pixels");
        ImageSet set = ShapesDataset.generate(1, 1, "shapes-train");
        int r = set.pixels()[0] & 0xFF;
        int g = set.pixels()[1024] & 0xFF;
        int b = set.pixels()[2048] & 0xFF;
        assertEquals((r << 16) | (g << 8) | b, image.getRGB(3, 3) & 0xFFFFFF);
    }

    @Test
    void sameCellsGiveIdenticalPngBytes() throws IOException {
        ViewGrid.writePng(dir.resolve("a.png"), cells(), 3, 3);
        ViewGrid.writePng(dir.resolve("b.png"), cells(), 3, 3);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.png")), Files.readAllBytes(dir.resolve("b.png")));
    }
}
