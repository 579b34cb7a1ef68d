package bml.bench;

import bml.data.ImageSet;
import bml.data.ShapesDataset;
import bml.augmentation.ViewRenderer;
import bml.config.AugmentationSettings;
import bml.config.BmlSettings;
import bml.config.Pipeline;
import bml.config.SettingsLoader;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Prints how many views per second one thread renders with each pipeline over a generated shapes train set.
 *
 * <p>Speed targets live here rather than in the tests, which never time anything (STYLE recommendation 14). The
 * op parameters are the defaults of {@code reference.conf}. Usage: {@code AugmentationBenchmark [seconds]}
 * (measured seconds per pipeline, default 5; each is preceded by a warm-up of half as long).
 */
public final class AugmentationBenchmark {
    private static final int SAMPLES = 2000;
    private static final long SEED = 1;

    private AugmentationBenchmark() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        for (Result r : run(seconds)) {
            System.out.printf(Locale.ROOT, "%-8s %,12.0f views/s (one thread, %,d views in %.2f s, checksum %d)%n",
                    r.pipeline(), r.viewsPerSecond(), r.views(), r.seconds(), r.checksum());
        }
    }

    /** One pipeline's measurement. */
    public record Result(String pipeline, long views, double seconds, long checksum) {
        public double viewsPerSecond() {
            return views / seconds;
        }
    }

    /**
     * Measures every pipeline that transforms its sample for {@code seconds} each after a warm-up of
     * {@code seconds / 2}. Not {@code iid}: its views are other training images, copied untransformed.
     */
    public static List<Result> run(double seconds) {
        ImageSet train = ShapesDataset.generate(SAMPLES, SEED, "shapes-train");
        return Arrays.stream(Pipeline.values()).filter(pipeline -> pipeline != Pipeline.IID)
                .map(pipeline -> measure(train, pipeline.configName(), seconds)).toList();
    }

    private static Result measure(ImageSet train, String pipeline, double seconds) {
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("augmentation.pipeline=" + pipeline));
        AugmentationSettings augmentation = settings.augmentation();
        ViewRenderer renderer = new ViewRenderer(train, augmentation, SEED);
        byte[] view = new byte[train.imageBytes()];
        long[] next = {0};
        renderFor(renderer, train.size(), view, next, seconds / 2);
        long start = System.nanoTime();
        long before = next[0];
        long checksum = renderFor(renderer, train.size(), view, next, seconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(pipeline, next[0] - before, elapsed, checksum);
    }

    /** Renders views in batches of 1,000 until {@code seconds} have passed; returns a checksum of the bytes. */
    private static long renderFor(ViewRenderer renderer, int samples, byte[] view, long[] next, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long checksum = 0;
        do {
            for (int i = 0; i < 1000; i++) {
                long g = next[0]++;
                renderer.render((int) (g % samples), g / samples, view, 0);
                checksum += view[(int) (g % view.length)];
            }
        } while (System.nanoTime() < deadline);
        return checksum;
    }
}
