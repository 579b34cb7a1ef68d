package bml.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for experiments small enough to run in a unit test on two cores. */
final class TinyRun {
    static final List<String> SETTINGS = List.of(
            "data.train-size=128", "data.test-size=64", "model.width=4", "model.head-width=32",
            "training.batch-size=16", "probe.bank-size=128", "probe.query-size=64", "augmentation.batch-views=16",
            "queue.max-lag=256", "run.progress-seconds=0.5");

    private TinyRun() {}

    static String[] args(String command, Path runDir, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--run-dir", runDir.toString()));
        for (String setting : SETTINGS) {
            args.add("--set");
            args.add(setting);
        }
        for (String setting : extra) {
            args.add("--set");
            args.add(setting);
        }
        return args.toArray(String[]::new);
    }
}
