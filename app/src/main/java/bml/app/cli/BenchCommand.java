package bml.app.cli;

import bml.app.Experiment;
import bml.runfiles.FileTrees;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunJson;
import bml.runfiles.RunSummary;
import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.RandomLabels;
import bml.bench.AugmentationBenchmark;
import bml.config.BmlSettings;
import bml.training.TrainingSession;
import bml.bench.RandomBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bml bench}: measures the figures the design is judged by and prints them beside their targets. Speed is
 * measured here, never in unit tests: the machines are shared and noisy, so run it on a quiet machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure augmentation views/s per core, the bare training-step rate, the trainer's rate inside "
                + "the running system (without and with probes) and end-to-end samples/s, for the configured model "
                + "and data (defaults: the default experiment). Prints each figure beside its target.")
final class BenchCommand implements Callable<Integer> {
    /** torchvision's strong augmentation, views/s on one core, measured with the PyTorch reference. */
    static final double TORCHVISION_VIEWS_PER_CORE = 2_800;
    /** The PyTorch reference's DataLoader pipeline with strong augmentation, samples/s on 2 cores. */
    static final double REFERENCE_PIPELINE_SAMPLES_PER_S = 728;

    @Mixin
    SettingsOptions settingsOptions;

    @Option(names = "--steps", defaultValue = "300", description = "Training steps per measured run (default 300).")
    long steps;

    @Option(names = "--probe-every", defaultValue = "100",
            description = "Probe cadence of the run with probes (default 100).")
    long probeEvery;

    @Option(names = "--augmentation-seconds", defaultValue = "5",
            description = "Seconds per augmentation pipeline (default 5).")
    double augmentationSeconds;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "bml bench on %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        for (AugmentationBenchmark.Result r : AugmentationBenchmark.run(augmentationSeconds)) {
            out.printf(Locale.ROOT, "augmentation %-8s %,10.0f views/s on one thread (%.1fx torchvision's %,.0f)%n",
                    r.pipeline(), r.viewsPerSecond(), r.viewsPerSecond() / TORCHVISION_VIEWS_PER_CORE,
                    TORCHVISION_VIEWS_PER_CORE);
        }
        BmlSettings settings = settingsOptions.load(List.of("training.steps=" + steps, "http.enabled=false",
                "run.progress-seconds=3600", "training.checkpoint-every=0"));
        DataSplits data = Datasets.load(settings.data(), settings.seed());
        // A first system run warms the process (JIT, native allocator, thread pools); without it whichever run
        // comes first measured several percent slower than the same run repeated.
        runSystem(data, Math.max(1, steps / 3), steps * 1000);
        double bare = bareStepRate(settings, data);
        out.printf(Locale.ROOT, "bare training step     %,10.1f samples/s (%s width %d, batch %d)%n", bare,
                settings.model().encoder(), settings.model().width(), settings.training().batchSize());
        RunSummary.Throughput quiet = runSystem(data, steps, steps * 1000);
        RunSummary.Throughput probed = runSystem(data, steps, probeEvery);
        double inSystem = quiet.trainerStepSamplesPerSecond();
        double endToEnd = quiet.trainerSamplesPerSecond();
        double withProbes = probed.trainerSamplesPerSecond();
        out.printf(Locale.ROOT, "trainer in the system  %,10.1f samples/s in steps = %.3f of bare (target >= 0.95)%n",
                inSystem, inSystem / bare);
        out.printf(Locale.ROOT, "end to end             %,10.1f samples/s = %.2fx the reference's %.0f (target >= 1.25x); "
                        + "waiting for views %.1f%% of the time%n", endToEnd,
                endToEnd / REFERENCE_PIPELINE_SAMPLES_PER_S, REFERENCE_PIPELINE_SAMPLES_PER_S,
                100 * quiet.trainerWaitFraction());
        out.printf(Locale.ROOT, "with probes every %d  %,10.1f samples/s: probes cost %.1f%% of training (target <= 10%%)%n",
                probeEvery, withProbes, 100 * (1 - withProbes / endToEnd));
        return 0;
    }

    /** Samples/s of the training step alone, on the run's own batch size and image shape, after a warm-up. */
    private double bareStepRate(BmlSettings settings, DataSplits data) {
        var train = data.train();
        RandomBatch batch = RandomBatch.draw(settings.training().batchSize(), train.imageBytes(), train.numClasses(),
                settings.seed());
        try (TrainingSession session = new TrainingSession(settings.model(), settings.training(), train.channels(),
                train.height(), train.width(), train.numClasses(), settings.seed())) {
            batch.warmUp(session);
            long start = System.nanoTime();
            for (long i = 0; i < steps; i++) {
                batch.step(session);
            }
            return steps * batch.size() * 1e9 / (System.nanoTime() - start);
        }
    }

    /** Runs the real system for {@code runSteps} steps and returns its summary's throughput block. */
    private RunSummary.Throughput runSystem(DataSplits data, long runSteps, long every) throws IOException {
        BmlSettings settings = settingsOptions.load(List.of("training.steps=" + runSteps, "http.enabled=false",
                "run.progress-seconds=3600", "training.checkpoint-every=0", "probe.every=" + every));
        RandomLabels labels = RandomLabels.draw(data.train(), settings.labels(),
                settings.augmentation().viewsPerSample(), settings.seed());
        Path dir = Files.createTempDirectory("bml-bench-");
        try {
            RunDirectory runDir = new RunDirectory(dir.resolve("run"));
            runDir.create();
            Experiment.start(settings, data, labels, runDir, new PrintStream(new ByteArrayOutputStream(), true))
                    .awaitTermination();
            return RunJson.readSummary(runDir.summary()).throughput();
        } finally {
            FileTrees.delete(dir);
        }
    }
}
