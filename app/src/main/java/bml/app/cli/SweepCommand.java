package bml.app.cli;

import bml.cluster.ClusterPlan;
import bml.cluster.ClusterSweep;
import bml.cluster.HomeRecords;
import bml.cluster.SweepManifest;
import bml.cluster.LocalWorkers;
import bml.config.ClusterSettings;
import bml.config.HttpSettings;
import bml.reproduce.Budget;
import bml.reproduce.GridPlan;
import bml.reproduce.GridReport;
import bml.reproduce.ReportHeader;
import bml.reproduce.ReportWriter;
import bml.reproduce.RunRecord;
import bml.reproduce.SweepOutcome;
import bml.reproduce.SweepPlan;
import bml.reproduce.Verdict;
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
import java.util.function.Supplier;
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

    @Option(names = "--workers", paramLabel = "N",
            description = "Worker JVMs to start on this machine (default: 1, or as before with --resume); each trains "
                    + "one run at a time with its share of the cores. 0 = only workers that join from elsewhere.")
    Integer workers;

    @Option(names = "--resume", paramLabel = "OUT",
            description = "Continue the sweep (grid or reproduce) whose coordinator was lost, in OUT: the same plan, "
                    + "from OUT/sweep.json; runs whose results are home are not run again.")
    Path resume;

    @Override
    public Integer call() throws IOException {
        if (resume != null) {
            return resume(resume, workers, commandLine(spec), System.out);
        }
        int workers = this.workers == null ? 1 : this.workers;
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
        ReportHeader header = ReportHeader.describe(commandLine(spec), Path.of("").toAbsolutePath(),
                plan.base().training().device());
        Files.createDirectories(outDir);
        new SweepManifest(SweepManifest.GRID, header.commandLine(), null, null, 0, axes, null,
                settingsOptions.overrides, workers).writeTo(outDir, settingsOptions.config);
        PrintStream terminal = System.out;
        terminal.printf("bml sweep: %d runs over %s; output in %s%n", plan.runs().size(),
                String.join(", ", axes.stream().map(GridPlan.Axis::key).toList()), outDir.toAbsolutePath());
        return report(terminal, () -> onCluster(gridRuns(plan), Map.of(),
                (records, stopped) -> GridReport.write(plan, records, header, stopped), workers, cluster,
                plan.base().http(), workerArgs(outDir, settingsOptions.config, settingsOptions.overrides),
                terminal));
    }

    /**
     * {@code --resume OUT} of {@code bml sweep} and {@code bml reproduce}: plans the sweep described by
     * {@code OUT/sweep.json} again and runs what is not home yet.
     */
    static int resume(Path out, Integer workers, String commandLine, PrintStream terminal) {
        SweepManifest manifest;
        try {
            manifest = SweepManifest.readFrom(out);
        } catch (IOException e) {
            throw new BadInputException("--resume: " + e.getMessage(), e);
        }
        Optional<Path> config = manifest.configIn(out);
        ClusterSettings cluster = ClusterSettings.load(config, manifest.overrides());
        int count = workers != null ? workers : manifest.workers();
        if (count < 0) {
            throw new BadInputException("--workers: expected >= 0, got " + count, null);
        }
        ClusterPlan runs;
        BiFunction<List<RunRecord>, Boolean, SweepOutcome> reporter;
        HttpSettings http;
        String command = manifest.command() + " (resumed: " + commandLine + ")";
        if (manifest.kind().equals(SweepManifest.GRID)) {
            GridPlan plan = GridPlan.create(out, config, manifest.overrides(), manifest.axes());
            ReportHeader header = ReportHeader.describe(command, Path.of("").toAbsolutePath(),
                    plan.base().training().device());
            runs = gridRuns(plan);
            reporter = (records, stopped) -> GridReport.write(plan, records, header, stopped);
            http = plan.base().http();
        } else {
            SweepPlan plan = SweepPlan.create(Budget.named(manifest.budget()), manifest.data(), manifest.seeds(), out,
                    config, manifest.overrides(), condition -> true);
            ReportHeader header = ReportHeader.describe(command, Path.of("").toAbsolutePath(),
                    plan.base().training().device());
            runs = ClusterPlan.of(plan);
            reporter = (records, stopped) -> ReportWriter.write(plan, records, header, stopped);
            http = plan.base().http();
        }
        Map<String, RunRecord> home;
        try {
            home = HomeRecords.collect(runs);
        } catch (IOException e) {
            throw new BadInputException("--resume: cannot read what is home in " + out + ": " + e.getMessage(), e);
        }
        terminal.printf("bml: resuming %s in %s: %d of %d runs are home%n", manifest.kind(), out.toAbsolutePath(),
                home.size(), runs.runs().size());
        return report(terminal, () -> onCluster(runs, home, reporter, count, cluster, http,
                workerArgs(out, config.orElse(null), manifest.overrides()), terminal));
    }

    /** Runs a sweep, then prints where its report is and its verdicts; 0 when every run finished. */
    static int report(PrintStream terminal, Supplier<SweepOutcome> sweep) {
        SweepOutcome result;
        try {
            result = sweep.get();
        } catch (CompletionException e) {
            terminal.println("bml: no report: " + e.getCause().getMessage());
            return 1;
        }
        terminal.println();
        terminal.println("Report: " + result.markdown().toAbsolutePath() + " and " + result.html().toAbsolutePath());
        for (Verdict verdict : result.verdicts()) {
            terminal.println(verdict.claim() + " (" + verdict.title() + "): " + verdict.outcome().label() + " - "
                    + verdict.reason());
        }
        return result.allFinished() ? 0 : 1;
    }

    private static ClusterPlan gridRuns(GridPlan plan) {
        return new ClusterPlan(plan.runs(), plan.runs().stream().mapToInt(run -> run.conditions().size()).sum(),
                plan.outDir());
    }

    /**
     * The options every local worker gets: the sweep's --config (its copy in OUT when there is one) and --set, so
     * the workers' cluster settings match the coordinator's, and any free port.
     */
    static List<String> workerArgs(Path out, Path config, List<String> overrides) {
        List<String> args = new ArrayList<>();
        Path copy = out.resolve(SweepManifest.CONFIG_COPY);
        if (config != null) {
            args.addAll(List.of("--config", (Files.exists(copy) ? copy : config).toAbsolutePath().toString()));
        }
        overrides.forEach(setting -> args.addAll(List.of("--set", setting)));
        args.addAll(List.of("--set", "cluster.port=0"));
        return args;
    }

    /** The cluster settings of this node from the user's --config and --set, validated before anything starts. */
    static ClusterSettings clusterSettings(SettingsOptions options) {
        return ClusterSettings.load(Optional.ofNullable(options.config), options.overrides);
    }

    /**
     * Runs {@code plan} on a cluster with {@code workers} local worker JVMs ({@code bml worker} children with
     * {@code workerArgs}), serving its live view on {@code http}'s host and port, and returns the report's outcome.
     */
    static SweepOutcome onCluster(ClusterPlan plan, Map<String, RunRecord> home,
                                  BiFunction<List<RunRecord>, Boolean, SweepOutcome> reporter, int workers,
                                  ClusterSettings cluster, HttpSettings http, List<String> workerArgs,
                                  PrintStream terminal) {
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

    /** The command line as the user typed it, quoted for a shell. */
    static String commandLine(CommandSpec spec) {
        List<String> words = new ArrayList<>(List.of("bml"));
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            words.add(arg.matches("[A-Za-z0-9_./=:,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return String.join(" ", words);
    }
}
