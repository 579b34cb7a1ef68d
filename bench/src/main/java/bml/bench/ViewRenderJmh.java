package bml.bench;

import bml.augmentation.ViewRenderer;
import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import bml.data.ImageSet;
import bml.data.ShapesDataset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmark of rendering one view with each pipeline on one thread: the per-view cost behind
 * {@link AugmentationBenchmark}'s views/s, with JMH's warm-up, forks and error bars. Run with
 * {@code java -cp "app/target/lib/*" org.openjdk.jmh.Main ViewRenderJmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ViewRenderJmh {
    @Param({"none", "standard", "full"})
    public String pipeline;

    private ViewRenderer renderer;
    private byte[] view;
    private int samples;
    private long next;

    @Setup
    public void setUp() {
        ImageSet train = ShapesDataset.generate(2000, 1, "shapes-train");
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("augmentation.pipeline=" + pipeline));
        renderer = new ViewRenderer(train, settings.augmentation(), 1);
        view = new byte[train.imageBytes()];
        samples = train.size();
    }

    /** One view of the deterministic stream; returning a byte keeps JMH from discarding the work. */
    @Benchmark
    public byte renderOneView() {
        long g = next++;
        renderer.render((int) (g % samples), g / samples, view, 0);
        return view[(int) (g % view.length)];
    }
}
