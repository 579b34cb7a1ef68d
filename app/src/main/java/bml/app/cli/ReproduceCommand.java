package bml.app.cli;

import bml.actors.ActorSystemConfig;
import bml.cluster.ClusterPlan;
import bml.cluster.SweepManifest;
import bml.config.ClusterSettings;
import bml.reproduce.Budget;
import bml.reproduce.DataCache;
import bml.reproduce.ReportHeader;
import bml.reproduce.ReportWriter;
import bml.actors.Sweep;
import bml.reproduce.SweepOutcome;
import bml.reproduce.SweepPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bml reproduce}: runs the paper's conditions as a sweep of bml runs and writes a report with a verdict on
 * each of the claims C1–C6.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Run the paper's conditions (random labels with and without augmentation and with mixup, true "
                + "labels, the views-per-sample, per-view-label, label-noise, head-width and i.i.d. sweeps) as one "
                + "sweep of bml runs, the directly compared conditions once per seed, then write DIR/report.md and "
                + "DIR/report.html with the rules, tables, plots and a verdict on claims C1-C6.",
        footer = {"", "Budgets: quick (1 seed; estimated under 20 min on 2 cores), standard (3 seeds; about an",
                "hour on 2 cores with --workers 2), paper (the paper's CIFAR-10 / ResNet-18 / GPU run; days,",
                "documented only).",
                "--config and --set apply on top of every condition's settings. Ctrl-C stops the running runs",
                "cleanly and writes the report for what finished."})
final class ReproduceCommand implements Callable<Integer> {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(115);

    @Mixin
    SettingsOptions settingsOptions;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "SOURCE",
            description = "Data set: shapes, fashion-mnist (the embedded slice unless data.path is set) or cifar10 "
                    + "(needs --set data.path=DIR); default: the budget's (shapes; cifar10 for paper).")
    String data;

    @Option(names = "--budget", paramLabel = "NAME", defaultValue = "quick",
            description = "quick, standard or paper (default: ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory, new or empty: runs/<condition>/ and the report (default "
                    + "reproduce/<timestamp>).")
    Path out;

    @Option(names = "--seeds", paramLabel = "K",
            description = "Seeds of every directly compared condition (random-none, random-full, true-full and the "
                    + "label-noise sweep), each with its own label and initial-weight seeds; the trend sweeps run one "
                    + "seed per point. Claims C1-C3 need 3. Default: the budget's (quick 1, standard 3, paper 3).")
    Integer seeds;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1",
            description = "Runs at the same time in this process (default: ${DEFAULT-VALUE}). Their training steps "
                    + "take turns on the one training thread DJL's PyTorch engine allows per process, so N > 1 only "
                    + "overlaps augmentation and probes; to use more cores, run sweeps in separate processes.")
    int concurrency;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
            description = "Train the runs on a Pekko cluster: start N worker JVMs on this machine (loopback, one run "
                    + "each, their share of the cores); workers on other machines may join (bml worker). 0 = in "
                    + "this process (default).")
    int workers;

    @Option(names = "--resume", paramLabel = "OUT",
            description = "Continue a sweep run on workers whose coordinator was lost, in OUT: the same plan, from "
                    + "OUT/sweep.json; runs whose results are home are not run again (--workers N to change N).")
    Path resume;

    @Override
    public Integer call() throws IOException {
        if (resume != null) {
            return SweepCommand.resume(resume, workers > 0 ? workers : null, commandLine(), System.out);
        }
        Budget chosen = budget();
        if (concurrency < 1) {
            throw new BadInputException("--concurrency: expected >= 1, got " + concurrency, null);
        }
        int replicates = seeds != null ? seeds : chosen.defaultSeeds();
        if (replicates < 1) {
            throw new BadInputException("--seeds: expected >= 1, got " + replicates, null);
        }
        if (workers < 0) {
            throw new BadInputException("--workers: expected >= 0, got " + workers, null);
        }
        Path outDir = out != null ? out : Path.of("reproduce",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        requireEmpty(outDir);
        SweepPlan plan = SweepPlan.create(chosen, data != null ? data : chosen.defaultData(), replicates, outDir,
                Optional.ofNullable(settingsOptions.config), settingsOptions.overrides, condition -> true);
        ClusterSettings cluster = workers > 0 ? SweepCommand.clusterSettings(settingsOptions) : null;
        DataCache cache = new DataCache();
        cache.forRun(plan.base());
        ReportHeader header = ReportHeader.describe(commandLine(), Path.of("").toAbsolutePath(),
                plan.base().training().device());
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new BadInputException("cannot create --out " + outDir + ": " + e.getMessage(), e);
        }
        PrintStream terminal = System.out;
        if (workers > 0) {
            new SweepManifest(SweepManifest.REPRODUCE, header.commandLine(), chosen.name(), plan.data(), replicates,
                    List.of(), null, settingsOptions.overrides, workers).writeTo(outDir, settingsOptions.config);
        }
        return SweepCommand.report(terminal, () -> workers == 0 ? inThisProcess(plan, cache, header, terminal)
                : SweepCommand.onCluster(ClusterPlan.of(plan), Map.of(),
                        (records, stopped) -> ReportWriter.write(plan, records, header, stopped), workers, cluster,
                        plan.base().http(), SweepCommand.workerArgs(outDir, settingsOptions.config,
                                settingsOptions.overrides), terminal));
    }

    private SweepOutcome inThisProcess(SweepPlan plan, DataCache cache, ReportHeader header, PrintStream terminal) {
        CompletableFuture<SweepOutcome> outcome = new CompletableFuture<>();
        ActorSystem<Sweep.Command> system = ActorSystem.create(
                Sweep.create(new Sweep.Setup(plan, concurrency, cache, header, terminal, outcome)), "bml",
                ActorSystemConfig.load(plan.base(), concurrency));
        // Ctrl-C and SIGTERM run coordinated shutdown: the running runs stop cleanly and the report is written.
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "stop-sweep",
                () -> outcome.isDone()
                        ? CompletableFuture.completedFuture(Done.getInstance())
                        : AskPattern.ask(system, Sweep.Stop::new, STOP_TIMEOUT, system.scheduler()));
        system.getWhenTerminated().toCompletableFuture().join();
        return outcome.join();
    }

    private Budget budget() {
        try {
            return Budget.named(budget);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    private static void requireEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("--out " + dir + " is a file, not a directory", null);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new BadInputException("--out " + dir + " is not empty: choose a new directory", null);
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
