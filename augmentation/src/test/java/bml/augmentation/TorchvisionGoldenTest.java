package bml.augmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every op, and the composed full pipeline, gives exactly torchvision's bytes on PIL images for the parameters
 * torchvision used (fixtures from {@code data-tools/torchvision_golden.py}); no tolerance.
 */
class TorchvisionGoldenTest {
    private static final RandomResizedCrop PAPER_CROP = new RandomResizedCrop(0.08, 1, 0.75, 4.0 / 3);

    private static Stream<DynamicTest> each(String file, Function<Config, String> name,
            BiConsumer<Config, ViewImage> op) {
        List<? extends Config> cases = Golden.cases(file);
        assertTrue(cases.size() > 0, file + " has no cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(name.apply(c), () -> {
            ViewImage image = Golden.input(c);
            op.accept(c, image);
            Golden.assertExpected(c, image);
        }));
    }

    private static String withFactor(Config c) {
        return c.getString("input") + " factor " + c.getDouble("factor");
    }

    private static RandomResizedCrop.Box box(List<Integer> b) {
        return new RandomResizedCrop.Box(b.get(0), b.get(1), b.get(2), b.get(3));
    }

    @TestFactory
    Stream<DynamicTest> resizedCropIsPilCropThenBilinearResize() {
        return each("crop", c -> c.getString("input") + " box " + c.getIntList("box"),
                (c, image) -> PAPER_CROP.apply(image, box(c.getIntList("box"))));
    }

    @TestFactory
    Stream<DynamicTest> cropFallsBackToTorchvisionsCentredBoxWhenNoTryFits() {
        return Golden.cases("crop-fallback").stream().map(c -> DynamicTest.dynamicTest(
                c.getInt("height") + "x" + c.getInt("width") + " scale " + c.getDoubleList("scale") + " ratio "
                        + c.getDoubleList("ratio"), () -> {
                    List<Double> scale = c.getDoubleList("scale");
                    List<Double> ratio = c.getDoubleList("ratio");
                    RandomResizedCrop crop = new RandomResizedCrop(scale.get(0), scale.get(1), ratio.get(0),
                            ratio.get(1));
                    for (long seed = 0; seed < 20; seed++) {
                        assertEquals(box(c.getIntList("box")),
                                crop.box(c.getInt("height"), c.getInt("width"), new SplittableRandom(seed)));
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> flipIsPilTranspose() {
        return each("flip", c -> c.getString("input"), (c, image) -> new HorizontalFlip(0.5).apply(image, true));
    }

    @TestFactory
    Stream<DynamicTest> brightnessIsPilBlendWithBlack() {
        return each("brightness", TorchvisionGoldenTest::withFactor,
                (c, image) -> ColorAdjust.brightness(image, c.getDouble("factor")));
    }

    @TestFactory
    Stream<DynamicTest> contrastIsPilBlendWithTheMeanLuma() {
        return each("contrast", TorchvisionGoldenTest::withFactor,
                (c, image) -> ColorAdjust.contrast(image, c.getDouble("factor")));
    }

    @TestFactory
    Stream<DynamicTest> saturationIsPilBlendWithTheLuma() {
        return each("saturation", TorchvisionGoldenTest::withFactor,
                (c, image) -> ColorAdjust.saturation(image, c.getDouble("factor")));
    }

    @TestFactory
    Stream<DynamicTest> hueIsTorchvisionsEightBitHsvShift() {
        return each("hue", TorchvisionGoldenTest::withFactor,
                (c, image) -> HsvHue.apply(image, c.getDouble("factor")));
    }

    @TestFactory
    Stream<DynamicTest> grayscaleIsPilLuma() {
        return each("grayscale", c -> c.getString("input"), (c, image) -> new RandomGrayscale(0.2).apply(image, true));
    }

    /** The ops of the configured full pipeline, in its order, run with the parameters torchvision drew. */
    @TestFactory
    Stream<DynamicTest> fullPipelineWithTorchvisionsDrawsGivesTorchvisionsView() {
        List<AugmentationOp> ops = Pipelines.build(TestImages.settings(bml.config.Pipeline.FULL, 0)).ops();
        RandomResizedCrop crop = (RandomResizedCrop) ops.get(0);
        HorizontalFlip flip = (HorizontalFlip) ops.get(1);
        ColorJitter jitter = (ColorJitter) ops.get(2);
        RandomGrayscale gray = (RandomGrayscale) ops.get(3);
        return each("full", c -> c.getString("input") + " seed " + c.getInt("seed"), (c, image) -> {
            crop.apply(image, box(c.getIntList("crop")));
            flip.apply(image, c.getBoolean("flip"));
            if (!c.getIsNull("jitter")) {
                jitter.apply(image, jitter(c.getConfig("jitter")));
            }
            gray.apply(image, c.getBoolean("grayscale"));
        });
    }

    private static ColorJitter.Jitter jitter(Config j) {
        int[] order = j.getIntList("order").stream().mapToInt(Integer::intValue).toArray();
        return new ColorJitter.Jitter(order, j.getDouble("brightness"), j.getDouble("contrast"),
                j.getDouble("saturation"), j.getDouble("hue"));
    }
}
