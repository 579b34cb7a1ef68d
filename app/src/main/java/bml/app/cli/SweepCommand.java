package bml.app.cli;

import bml.cluster.ClusterPlan;
import bml.cluster.ClusterSweep;
import bml.cluster.LocalWorkers;
import bml.config.ClusterSettings;
import bml.config.HttpSettings;
import bml.reproduce.GridPlan;
import bml.reproduce.GridReport;
import bml.reproduce.ReportHeader;
import bml.reproduce.RunRecord;
import bml.reproduce.SweepOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bml sweep}: every combination of the values given for some config keys, trained on worker JVMs of a Pekko
 * cluster, with a report of every run's final fit and per-layer k-NN.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a grid over any config keys (--grid 'training.lr=[1e-3,3e-4]' --grid 'seed=[1,2,3]', or "
                + "a HOCON sweep file with grid { key = [values] }) as bml runs on worker JVMs, then write "
                + "DIR/report.md and DIR/report.html: every run's final fit and k-NN per layer, and plots.",
        footer = {"", "--config and --set apply to every run, the grid's values on top of them. Each run's files are",
                "copied to DIR/runs/<id>/; the workers' own copies stay in DIR/workers/. Workers on other machines",
                "join with the bml worker command the sweep prints. Ctrl-C stops the runs cleanly and reports them."})
final class SweepCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settingsOptions;

    @Spec
    CommandSpec spec;

    @Option(names = "--grid", paramLabel = "KEY=[V,...]",
            description = "A swept key (relative to bml) and its values as a HOCON list. Repeatable: the runs are "
                    + "every combination.")
    List<String> grid = new ArrayList<>();

    @Option(names = "--sweep-file", paramLabel = "FILE",
            description = "HOCON file with grid { key = [values], ... }; its axes come before --grid ones.")
    Path sweepFile;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory, new or empty (default sweep/<timestamp>).")
    Path out;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Worker JVMs to start on this machine (default: ${DEFAULT-VALUE}); each trains one run at a "
                    + "time with its share of the cores. 0 = only workers that join from elsewhere.")
    int workers;

    @Override
    public Integer call() throws IOException {
        if (workers < 0) {
            throw new BadInputException("--workers: expected >= 0, got " + workers, null);
        }
        List<GridPlan.Axis> axes = new ArrayList<>();
        try {
            if (sweepFile != null) {
                axes.addAll(GridPlan.readFile(sweepFile));
            }
            grid.forEach(text -> axes.add(GridPlan.parseAxis(text)));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        Path outDir = out != null ? out : Path.of("sweep",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        requireEmpty(outDir);
        GridPlan plan;
        try {
            plan = GridPlan.create(outDir, Optional.ofNullable(settingsOptions.config), settingsOptions.overrides,
                    axes);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        ClusterSettings cluster = clusterSettings(settingsOptions);
        ReportHeader header = ReportHeader.describe(commandLine(), Path.of("").toAbsolutePath(),
                plan.base().training().device());
        Files.createDirectories(outDir);
        PrintStream terminal = System.out;
        terminal.printf("bml sweep: %d runs over %s; output in %s%n", plan.runs().size(),
                String.join(", ", axes.stream().map(GridPlan.Axis::key).toList()), outDir.toAbsolutePath());
        SweepOutcome result;
        try {
            result = onCluster(new ClusterPlan(plan.runs(), plan.runs().stream()
                            .mapToInt(run -> run.conditions().size()).sum(), outDir), Map.of(),
                    (records, stopped) -> GridReport.write(plan, records, header, stopped), workers, cluster,
                    plan.base().http(), settingsOptions, terminal);
        } catch (CompletionException e) {
            terminal.println("bml sweep: no report: " + e.getCause().getMessage());
            return 1;
        }
        terminal.println();
        terminal.println("Report: " + result.markdown().toAbsolutePath() + " and " + result.html().toAbsolutePath());
        return result.allFinished() ? 0 : 1;
    }

    /** The cluster settings of this node from the user's --config and --set, validated before anything starts. */
    static ClusterSettings clusterSettings(SettingsOptions options) {
        return ClusterSettings.load(Optional.ofNullable(options.config), options.overrides);
    }

    /**
     * Runs {@code plan} on a cluster with {@code workers} local worker JVMs ({@code bml worker} children that get
     * the same --config and --set, on any free port), serving its live view on {@code http}'s host and port, and
     * returns the report's outcome.
     */
    static SweepOutcome onCluster(ClusterPlan plan, Map<String, RunRecord> home,
                                  BiFunction<List<RunRecord>, Boolean, SweepOutcome> reporter, int workers,
                                  ClusterSettings cluster, HttpSettings http, SettingsOptions options,
                                  PrintStream terminal) {
        List<String> workerArgs = new ArrayList<>();
        if (options.config != null) {
            workerArgs.addAll(List.of("--config", options.config.toAbsolutePath().toString()));
        }
        options.overrides.forEach(setting -> workerArgs.addAll(List.of("--set", setting)));
        workerArgs.addAll(List.of("--set", "cluster.port=0"));
        try {
            return ClusterSweep.run(plan, home, reporter, new ClusterSweep.Options(cluster, workers,
                    LocalWorkers.javaCommand(Main.class.getName(), "worker"), workerArgs, http, terminal));
        } catch (IOException e) {
            throw new BadInputException("cannot start the sweep's cluster: " + e.getMessage(), e);
        }
    }

    private static void requireEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (!Files.isDirectory(dir) || entries.findAny().isPresent()) {
                throw new BadInputException("--out " + dir + " is not an empty directory: choose a new one", null);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read --out " + dir + ": " + e.getMessage(), e);
        }
    }

    private String commandLine() {
        List<String> words = new ArrayList<>(List.of("bml"));
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            words.add(arg.matches("[A-Za-z0-9_./=:,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return String.join(" ", words);
    }
}
