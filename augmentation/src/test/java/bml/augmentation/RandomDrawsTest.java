package bml.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The random draws of the full pipeline follow torchvision's distributions.
 *
 * <p>Tolerances: every test uses a fixed seed, so it is deterministic; its thresholds would reject the exact
 * distribution for a fresh seed only rarely. Frequencies must lie within 5 binomial standard deviations of their
 * exact probability (about 6e-7 two-sided); sample distributions must have a Kolmogorov-Smirnov statistic
 * {@code D sqrt(N) < 2.5} against the exact CDF (about 7e-6), after allowing for the rounding of pixel sizes where
 * a draw is read back from a crop box.
 */
class RandomDrawsTest {
    private static final int N = 20_000;
    private static final double SIGMAS = 5;
    private static final double KS = 2.5;
    private static final double LOG_RATIO = Math.log(4.0 / 3);
    /** A side large enough that rounding a crop's size moves its area fraction or log-ratio by < 1e-3. */
    private static final int BIG = 4096;

    private static List<AugmentationOp> paperOps() {
        return Pipelines.build(TestImages.settings(bml.config.Pipeline.FULL, 0)).ops();
    }

    private static void assertFrequency(double p, long hits, int n, String what) {
        double sigma = Math.sqrt(p * (1 - p) / n);
        double observed = (double) hits / n;
        assertTrue(Math.abs(observed - p) <= SIGMAS * sigma, what + ": frequency " + observed + ", expected " + p
                + " +- " + SIGMAS * sigma);
    }

    /** Kolmogorov-Smirnov against {@code cdf}, widened by {@code slack} for values read back through rounding. */
    private static void assertDistributed(double[] sample, DoubleUnaryOperator cdf, double slack, String what) {
        double[] x = sample.clone();
        Arrays.sort(x);
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            double lo = cdf.applyAsDouble(x[i] - slack);
            double hi = cdf.applyAsDouble(x[i] + slack);
            d = Math.max(d, Math.max(lo - (i + 1.0) / x.length, (double) i / x.length - hi));
        }
        assertTrue(d * Math.sqrt(x.length) < KS, what + ": KS statistic D sqrt(N) = " + d * Math.sqrt(x.length));
    }

    private static DoubleUnaryOperator uniform(double lo, double hi) {
        return v -> Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
    }

    @Test
    void cropAreaFractionIsUniformOnTheScaleRange() {
        // Ratio 1 and a square image: every try fits, so no draw is rejected.
        RandomResizedCrop crop = new RandomResizedCrop(0.08, 1, 1, 1);
        SplittableRandom rng = new SplittableRandom(1);
        double[] area = new double[N];
        for (int i = 0; i < N; i++) {
            RandomResizedCrop.Box box = crop.box(BIG, BIG, rng);
            area[i] = (double) box.height() * box.width() / ((double) BIG * BIG);
        }
        assertDistributed(area, uniform(0.08, 1), 1e-3, "area fraction");
    }

    @Test
    void cropLogRatioIsUniformOnTheLogRatioRange() {
        // Area at most a quarter: even the widest ratio fits, so no draw is rejected.
        RandomResizedCrop crop = new RandomResizedCrop(0.25, 0.25, 0.75, 4.0 / 3);
        SplittableRandom rng = new SplittableRandom(2);
        double[] logRatio = new double[N];
        for (int i = 0; i < N; i++) {
            RandomResizedCrop.Box box = crop.box(BIG, BIG, rng);
            logRatio[i] = Math.log((double) box.width() / box.height());
        }
        assertDistributed(logRatio, uniform(-LOG_RATIO, LOG_RATIO), 1e-3, "log ratio");
    }

    @Test
    void cropRejectsTriesThatDoNotFitAndKeepsTheOthersUniform() {
        // Paper knobs: a try (s, l) fits iff s e^|l| <= 1. Accepted boxes follow the uniform law restricted to that
        // region, whose mean area is known exactly; clamping or redrawing only one coordinate would shift it.
        double a = 0.08;
        double accept = ((1 - Math.exp(-LOG_RATIO)) / LOG_RATIO - a) / (1 - a);
        double mean = ((1 - Math.exp(-2 * LOG_RATIO)) / (2 * LOG_RATIO) - a * a) / (2 * (1 - a)) / accept;
        double square = ((1 - Math.exp(-3 * LOG_RATIO)) / (3 * LOG_RATIO) - a * a * a) / (3 * (1 - a)) / accept;
        double sigma = Math.sqrt((square - mean * mean) / N);
        RandomResizedCrop crop = (RandomResizedCrop) paperOps().get(0);
        SplittableRandom rng = new SplittableRandom(3);
        double sum = 0;
        for (int i = 0; i < N; i++) {
            RandomResizedCrop.Box box = crop.box(BIG, BIG, rng);
            assertTrue(box.top() + box.height() <= BIG && box.left() + box.width() <= BIG, box.toString());
            double s = (double) box.height() * box.width() / ((double) BIG * BIG);
            double logRatio = Math.abs(Math.log((double) box.width() / box.height()));
            assertTrue(s * Math.exp(logRatio) <= 1 + 2e-3, "an accepted try that does not fit: " + box);
            sum += s;
        }
        double observed = sum / N;
        assertTrue(Math.abs(observed - mean) <= SIGMAS * sigma + 1e-3, "mean accepted area fraction " + observed
                + ", expected " + mean + " +- " + SIGMAS * sigma);
    }

    @Test
    void cropFallsBackToTheCentredBoxAfterExactlyTenFailedTries() {
        // A 1024 x 4096 image with ratio 1: a try fits iff its side rounds to <= 1024, i.e. s < 1024.5^2 / area.
        // Falling back takes ten misses in a row, (1 - accept)^10 ~ 0.13; nine or eleven tries would give 0.16, 0.11.
        int height = 1024;
        int width = 4096;
        double accept = (1024.5 * 1024.5 / ((double) height * width) - 0.08) / (1 - 0.08);
        RandomResizedCrop crop = new RandomResizedCrop(0.08, 1, 1, 1);
        RandomResizedCrop.Box fallback = new RandomResizedCrop.Box(0, (width - height) / 2, height, height);
        SplittableRandom rng = new SplittableRandom(4);
        long fallbacks = 0;
        for (int i = 0; i < N; i++) {
            RandomResizedCrop.Box box = crop.box(height, width, rng);
            if (box.equals(fallback)) {
                fallbacks++;
            } else {
                assertTrue(box.height() == box.width() && box.height() <= height, box.toString());
            }
        }
        assertFrequency(Math.pow(1 - accept, 10), fallbacks, N, "fallback");
    }

    @Test
    void jitterFactorsAreUniformOnTheirRanges() {
        ColorJitter jitter = new ColorJitter(1, 0.8, 0.8, 0.8, 0.2);
        SplittableRandom rng = new SplittableRandom(5);
        double[][] factors = new double[4][N];
        for (int i = 0; i < N; i++) {
            ColorJitter.Jitter j = jitter.draw(rng);
            factors[0][i] = j.brightness();
            factors[1][i] = j.contrast();
            factors[2][i] = j.saturation();
            factors[3][i] = j.hue();
        }
        assertDistributed(factors[0], uniform(0.2, 1.8), 0, "brightness");
        assertDistributed(factors[1], uniform(0.2, 1.8), 0, "contrast");
        assertDistributed(factors[2], uniform(0.2, 1.8), 0, "saturation");
        assertDistributed(factors[3], uniform(-0.2, 0.2), 0, "hue");
    }

    @Test
    void jitterBrightnessRangeStopsAtZero() {
        ColorJitter jitter = new ColorJitter(1, 1.5, 0, 0, 0);
        SplittableRandom rng = new SplittableRandom(6);
        double[] brightness = new double[N];
        for (int i = 0; i < N; i++) {
            brightness[i] = jitter.draw(rng).brightness();
        }
        assertDistributed(brightness, uniform(0, 2.5), 0, "brightness with spread 1.5");
    }

    @Test
    void everyOrderOfTheFourAdjustmentsIsEquallyLikely() {
        ColorJitter jitter = new ColorJitter(1, 0.8, 0.8, 0.8, 0.2);
        SplittableRandom rng = new SplittableRandom(7);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < N; i++) {
            int[] order = jitter.draw(rng).order();
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            assertEquals("[0, 1, 2, 3]", Arrays.toString(sorted), "not a permutation: " + Arrays.toString(order));
            counts.merge(Arrays.toString(order), 1, Integer::sum);
        }
        assertEquals(24, counts.size(), counts.toString());
        counts.forEach((order, count) -> assertFrequency(1.0 / 24, count, N, "order " + order));
    }

    @Test
    void theFullPipelinesCoinsLandWithThePapersProbabilities() {
        List<AugmentationOp> ops = paperOps();
        HorizontalFlip flip = (HorizontalFlip) ops.get(1);
        ColorJitter jitter = (ColorJitter) ops.get(2);
        RandomGrayscale gray = (RandomGrayscale) ops.get(3);
        SplittableRandom rng = new SplittableRandom(8);
        long flips = 0;
        long jitters = 0;
        long grays = 0;
        for (int i = 0; i < N; i++) {
            flips += flip.draw(rng) ? 1 : 0;
            jitters += jitter.draw(rng) != null ? 1 : 0;
            grays += gray.draw(rng) ? 1 : 0;
        }
        assertFrequency(0.5, flips, N, "flip");
        assertFrequency(0.8, jitters, N, "jitter");
        assertFrequency(0.2, grays, N, "grayscale");
    }

    @Test
    void drawingFromTheGeneratorRendersWhatTheGoldenTestedParametersRender() {
        // The golden tests feed each op torchvision's parameters; views are rendered from a generator instead. The
        // two paths must meet: the pipeline draws crop, flip, jitter, grayscale in that order, then applies them.
        List<AugmentationOp> ops = paperOps();
        RandomResizedCrop crop = (RandomResizedCrop) ops.get(0);
        HorizontalFlip flip = (HorizontalFlip) ops.get(1);
        ColorJitter jitter = (ColorJitter) ops.get(2);
        RandomGrayscale gray = (RandomGrayscale) ops.get(3);
        ViewPipeline pipeline = Pipelines.build(TestImages.settings(bml.config.Pipeline.FULL, 0));
        for (long seed = 0; seed < 200; seed++) {
            ViewImage viaPipeline = TestImages.random(seed);
            pipeline.apply(viaPipeline, new SplittableRandom(seed));
            ViewImage viaParameters = TestImages.random(seed);
            SplittableRandom rng = new SplittableRandom(seed);
            crop.apply(viaParameters, crop.box(8, 8, rng));
            flip.apply(viaParameters, flip.draw(rng));
            ColorJitter.Jitter j = jitter.draw(rng);
            if (j != null) {
                jitter.apply(viaParameters, j);
            }
            gray.apply(viaParameters, gray.draw(rng));
            assertArrayEquals(viaParameters.pixels(), viaPipeline.pixels(), "seed " + seed);
        }
    }
}
