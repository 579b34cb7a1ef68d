package bml.app.cli;

import bml.app.Experiment;
import bml.runfiles.RunDirectory;
import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.RandomLabels;
import bml.config.BmlSettings;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bml run}: validates everything, then runs one streaming experiment until its steps are done or it is stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a streaming benign-memorization experiment (defaults: the embedded shapes data).",
        footer = {"", "Every setting and its default is documented in config/src/main/resources/reference.conf.",
                "Common ones: seed, data.source (shapes|fashion-mnist|mnist|cifar10|cifar100), data.path,",
                "data.train-size, labels.noise, augmentation.pipeline (none|standard|full),",
                "augmentation.views-per-sample, augmentation.workers, model.encoder (cnn|resnet18|mlp), model.width,",
                "model.head-width, training.steps, training.batch-size, training.lr, training.loss (mse|cross-entropy),",
                "training.device (auto|cpu|gpu), probe.every, probe.k, probe.weighting (majority|temperature).",
                "Ctrl-C stops cleanly: final checkpoint, summary.json, queues closed."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settingsOptions;

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Directory for this run's queues, metrics, checkpoint and summary (must be new or empty; "
                    + "default runs/<timestamp>).")
    Path runDir;

    @Override
    public Integer call() throws Exception {
        List<String> extra = new ArrayList<>();
        if (runDir != null) {
            extra.add("run.dir=" + ConfigUtil.quoteString(runDir.toString()));
        }
        BmlSettings settings = settingsOptions.load(extra);
        DataSplits data = Datasets.forRun(settings);
        RandomLabels labels = RandomLabels.forRun(data.train(), settings);
        RunDirectory directory = prepare(RunDirectory.choose(settings.run().dir()), settings);
        PrintStream terminal = System.out;
        terminal.printf("bml run: %s (%d train / %d test images, %d classes), model %s width %d head %d, %s, "
                        + "%s steps of batch %d%nrun directory: %s%n", data.train().name(), data.train().size(),
                data.test().size(), data.train().numClasses(), settings.model().encoder(), settings.model().width(),
                settings.model().headWidth(), settings.augmentation().pipeline() + " augmentation",
                settings.training().steps() == 0 ? "unlimited" : Long.toString(settings.training().steps()),
                settings.training().batchSize(), directory.root().toAbsolutePath());
        try (AutoCloseable lock = directory.lock()) {
            return Experiment.start(settings, data, labels, directory, terminal).awaitTermination().succeeded() ? 0 : 1;
        }
    }

    private static RunDirectory prepare(RunDirectory directory, BmlSettings settings) {
        try {
            directory.create(settings);
            return directory;
        } catch (IOException e) {
            throw new BadInputException("cannot use run directory " + directory.root() + ": " + e.getMessage(), e);
        }
    }

}
