package bml.bench;

import bml.config.ConfigEnum;
import bml.config.DeviceChoice;
import bml.config.Encoder;
import bml.config.Loss;
import bml.config.ModelSettings;
import bml.config.Optimizer;
import bml.config.TrainingSettings;
import bml.training.StepResult;
import bml.training.TrainingSession;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Prints the bare training-step rate: samples per second of {@link TrainingSession#step} on random bytes.
 *
 * <p>Why: this is the ceiling the streaming system is measured against (views reach the trainer no faster
 * than it can step). Model: the default cnn (width 32, head 512, 10 classes, 32x32x3), batch 128, Adam, MSE.
 * Usage: {@code TrainStepBenchmark [seconds=20] [threads=0] [encoder=cnn] [width=32] [device=auto]}.
 */
public final class TrainStepBenchmark {

    private static final int CHANNELS = 3;
    private static final int SIZE = 32;
    private static final int CLASSES = 10;
    private static final int BATCH = 128;

    private TrainStepBenchmark() {
    }

    /** The measured rate. */
    public record Result(Encoder encoder, long steps, double seconds, double samplesPerSecond) {
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }

    public static void main(String[] args) {
        run(args);
    }

    /** Runs the benchmark and prints (and returns) the rate. */
    public static Result run(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Encoder encoder = ConfigEnum.parse(Encoder.class, "encoder", args.length > 2 ? args[2] : "cnn");
        int width = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        DeviceChoice device = ConfigEnum.parse(DeviceChoice.class, "device", args.length > 4 ? args[4] : "auto");
        ModelSettings model = new ModelSettings(encoder, width, 512);
        TrainingSettings training = new TrainingSettings(0, BATCH, Optimizer.ADAM, 1e-3, 0.9, Loss.MSE, 0, device,
                threads);
        RandomBatch batch = RandomBatch.draw(BATCH, CHANNELS * SIZE * SIZE, CLASSES, 1);
        try (TrainingSession session = new TrainingSession(model, training, CHANNELS, SIZE, SIZE, CLASSES, 1)) {
            batch.warmUp(session);
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            long steps = 0;
            StepResult last = null;
            while (System.nanoTime() < deadline) {
                last = batch.step(session);
                steps++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpuStart) / 1e9;
            Result result = new Result(encoder, steps, elapsed, steps * BATCH / elapsed);
            System.out.printf(Locale.ROOT, "%s width %d batch %d on %s (threads %s, OMP_WAIT_POLICY %s): %d steps "
                    + "in %.1f s = %.1f samples/s (%.1f ms/step, last loss %.4f)%n", encoder, width, BATCH,
                    session.device(), threads == 0 ? "all" : threads, System.getenv("OMP_WAIT_POLICY"), steps,
                    elapsed, result.samplesPerSecond(), 1000 * elapsed / Math.max(1, steps),
                    last == null ? Double.NaN : last.loss());
            System.out.printf(Locale.ROOT, "process CPU %.1f s = %.2f cores busy on average (%d available): "
                    + "%.1f CPU-ms per step%n", cpu, cpu / elapsed, Runtime.getRuntime().availableProcessors(),
                    1000 * cpu / Math.max(1, steps));
            return result;
        }
    }
}
