package bml.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewsCommandTest {
    @TempDir
    Path tmp;

    private byte[] views(String name, String seed) throws Exception {
        Path out = tmp.resolve(name);
        assertEquals(0, Main.run("views", "--count", "16", "--columns", "4", "--out", out.toString(),
                "--set", "seed=" + seed, "--set", "data.train-size=20", "--set", "data.test-size=10"));
        return Files.readAllBytes(out);
    }

    @Test
    void sameSeedGivesIdenticalFilesAndAnotherSeedDifferentOnes() throws Exception {
        byte[] first = views("a.png", "7");
        byte[] again = views("b.png", "7");
        byte[] other = views("c.png", "8");
        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other));
        BufferedImage image = ImageIO.read(tmp.resolve("a.png").toFile());
        assertFalse(image.getWidth() < 4 * 32 || image.getHeight() < 4 * 32, "a 4x4 grid of 32-px views");
    }

    @Test
    void iidViewsAreOtherTrainingImagesLoadedBeyondTheSamples() throws Exception {
        Path iid = tmp.resolve("iid.png");
        assertEquals(0, Main.run("views", "--count", "8", "--columns", "4", "--out", iid.toString(),
                "--set", "data.train-size=20", "--set", "data.test-size=10", "--set", "augmentation.pipeline=iid",
                "--set", "augmentation.views-per-sample=4"));
        Path none = tmp.resolve("none.png");
        assertEquals(0, Main.run("views", "--count", "8", "--columns", "4", "--out", none.toString(),
                "--set", "data.train-size=20", "--set", "data.test-size=10", "--set", "augmentation.pipeline=none",
                "--set", "augmentation.views-per-sample=4"));
        assertFalse(Arrays.equals(Files.readAllBytes(iid), Files.readAllBytes(none)),
                "an i.i.d. view is not the sample itself");
    }
}
