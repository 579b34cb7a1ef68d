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
import bml.bench.TorchReference;
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

    @Option(names = "--reference-seconds", defaultValue = "20",
            description = "Seconds per PyTorch reference measurement (default 20); 0 skips the reference.")
    double referenceSeconds;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "bml bench on %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        List<AugmentationBenchmark.Result> augmentation = AugmentationBenchmark.run(augmentationSeconds);
        BmlSettings settings = settingsOptions.load(List.of("training.steps=" + steps, "http.enabled=false",
                "run.progress-seconds=3600", "training.checkpoint-every=0"));
        DataSplits data = Datasets.load(settings.data(), settings.seed());
        // A first system run warms the process (JIT, native allocator, thread pools); without it whichever run
        // comes first measured several percent slower than the same run repeated.
        runSystem(data, Math.max(1, steps / 3), steps * 1000);
        double bare = bareStepRate(settings, data);
        RunSummary.Throughput quiet = runSystem(data, steps, steps * 1000);
        RunSummary.Throughput probed = runSystem(data, steps, probeEvery);
        // The reference runs after bml, never beside it: two processes on two cores would slow each other.
        TorchReference.Result reference = referenceSeconds > 0 ? measureReference(settings, data)
                : new TorchReference.Unavailable("skipped (--reference-seconds 0)");
        TorchReference.Figures torch = reference instanceof TorchReference.Measured m ? m.figures() : null;

        for (AugmentationBenchmark.Result r : augmentation) {
            out.printf(Locale.ROOT, "augmentation %-8s %,10.0f views/s on one thread%s%n", r.pipeline(),
                    r.viewsPerSecond(), torch == null ? "" : String.format(Locale.ROOT,
                            " = %.1fx torchvision's full (%,.0f)%s", r.viewsPerSecond() / torch.augment().viewsPerSecond(),
                            torch.augment().viewsPerSecond(), r.pipeline().equals("full") ? " (target >= 20x)" : ""));
        }
        double inSystem = quiet.trainerStepSamplesPerSecond();
        double endToEnd = quiet.trainerSamplesPerSecond();
        double withProbes = probed.trainerSamplesPerSecond();
        out.printf(Locale.ROOT, "bare training step     %,10.1f samples/s (%s width %d, batch %d)%s%n", bare,
                settings.model().encoder(), settings.model().width(), settings.training().batchSize(),
                torch == null ? "" : String.format(Locale.ROOT, " = %.2fx PyTorch eager's %,.1f (target > 1x)",
                        bare / torch.step().samplesPerSecond(), torch.step().samplesPerSecond()));
        out.printf(Locale.ROOT, "trainer in the system  %,10.1f samples/s in steps = %.3f of bare (target >= 0.95)%n",
                inSystem, inSystem / bare);
        out.printf(Locale.ROOT, "end to end             %,10.1f samples/s%s; waiting for views %.1f%% of the time%n",
                endToEnd, torch == null ? "" : String.format(Locale.ROOT,
                        " = %.2fx PyTorch's DataLoader pipeline (%,.1f, %d workers; target >= 2x)",
                        endToEnd / torch.pipeline().samplesPerSecond(), torch.pipeline().samplesPerSecond(),
                        torch.pipeline().workers()),
                100 * quiet.trainerWaitFraction());
        out.printf(Locale.ROOT, "with probes every %d  %,10.1f samples/s: probes cost %.1f%% of training (target <= 5%%)%n",
                probeEvery, withProbes, 100 * (1 - withProbes / endToEnd));
        if (torch != null) {
            out.printf(Locale.ROOT, "PyTorch reference: torch %s, torchvision %s, PIL %s, %d threads, measured in this run%n",
                    torch.versions().torch(), torch.versions().torchvision(), torch.versions().pil(),
                    torch.machine().torchThreads());
        } else {
            out.println("PyTorch reference not measured, so no ratios: "
                    + ((TorchReference.Unavailable) reference).reason());
        }
        return 0;
    }

    /** The PyTorch reference for the same model, batch and class count, on the threads the trainer uses. */
    private TorchReference.Result measureReference(BmlSettings settings, DataSplits data) throws IOException {
        int threads = settings.training().threads() > 0 ? settings.training().threads()
                : Runtime.getRuntime().availableProcessors();
        return TorchReference.measure(new TorchReference.Request(TorchReference.SYSTEM_PYTHON,
                TorchReference.bundledScript(), TorchReference.What.ALL,
                java.time.Duration.ofMillis(Math.round(referenceSeconds * 1000)), threads,
                settings.training().batchSize(), settings.model().encoder().configName(), settings.model().width(),
                settings.model().headWidth(), data.train().numClasses(), 10_000));
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
        RandomLabels labels = RandomLabels.forRun(data.train(), settings);
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
