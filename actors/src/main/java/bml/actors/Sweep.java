package bml.actors;

import bml.reproduce.DataCache;
import bml.reproduce.LinePrefixStream;
import bml.reproduce.PlannedRun;
import bml.reproduce.ReportHeader;
import bml.reproduce.ReportWriter;
import bml.reproduce.RunRecord;
import bml.reproduce.SweepOutcome;
import bml.reproduce.SweepPlan;

import bml.runfiles.FileTrees;
import bml.runfiles.RunDirectory;
import bml.runfiles.EndState;
import bml.runfiles.RunStatus;
import bml.config.BmlSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Runs the planned runs of a reproduction sweep as child {@link Guardian}s, at most {@code concurrency} at a time,
 * then writes the report; a run that fails is recorded and the others go on.
 *
 * <p>Owns the queue of runs still to start, the running guardians and a single preparation thread, on which data
 * loading (once per data set, {@link DataCache}), run-directory creation and the report are done so this actor
 * never blocks. A stop request ({@link Stop}, sent by coordinated shutdown on Ctrl-C) starts nothing new, stops the
 * running guardians cleanly and reports what finished.
 */
public final class Sweep extends AbstractBehavior<Sweep.Command> {

    public sealed interface Command {}

    /** Stop the sweep: running runs stop cleanly, nothing new starts, the report covers what finished. */
    public record Stop(ActorRef<Done> replyTo) implements Command {}

    private record Prepared(PlannedRun run, RunInputs inputs, long startNanos) implements Command {}

    private record PreparationFailed(PlannedRun run, String error, long startNanos)
            implements Command {}

    private record ReportWritten(SweepOutcome outcome, Throwable error) implements Command {}

    /**
     * The inputs of a sweep.
     *
     * @param data    where the runs' data sets come from (loaded once each, shared read-only)
     * @param outcome completed with the report's outcome when the sweep ends
     */
    public record Setup(SweepPlan plan, int concurrency, DataCache data, ReportHeader header, PrintStream terminal,
                        CompletableFuture<SweepOutcome> outcome) {}

    private record Running(PlannedRun run, CompletableFuture<RunStatus> outcome, RunInputs inputs,
                           long startNanos) {}

    public static Behavior<Command> create(Setup setup) {
        if (setup.concurrency() < 1) {
            throw new IllegalArgumentException("concurrency: expected >= 1, got " + setup.concurrency());
        }
        return Behaviors.setup(context -> new Sweep(context, setup));
    }

    private final Setup setup;
    private final ExecutorService preparation = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bml-sweep-preparation");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<PlannedRun> pending;
    private final Map<ActorRef<?>, Running> running = new HashMap<>();
    private final Map<String, RunRecord> records = new LinkedHashMap<>();
    private final List<ActorRef<Done>> stopRequesters = new ArrayList<>();
    private int preparing;
    private boolean stopping;
    private boolean reporting;

    private Sweep(ActorContext<Command> context, Setup setup) {
        super(context);
        this.setup = setup;
        this.pending = new ArrayDeque<>(setup.plan().runs());
        say("%d distinct runs for %d conditions, %d at a time; output in %s", pending.size(),
                setup.plan().conditions().size(), setup.concurrency(), setup.plan().outDir().toAbsolutePath());
        startMore();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Stop.class, this::onStop)
                .onMessage(Prepared.class, this::onPrepared)
                .onMessage(PreparationFailed.class, this::onPreparationFailed)
                .onMessage(ReportWritten.class, this::onReportWritten)
                .onSignal(ChildFailed.class, signal -> onRunEnded(signal.getRef(), signal.getCause()))
                .onSignal(Terminated.class, signal -> onRunEnded(signal.getRef(), null))
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onStop(Stop message) {
        stopRequesters.add(message.replyTo());
        if (!stopping) {
            stopping = true;
            say("stopping: %d running run(s) stop cleanly, %d not started", running.size(), pending.size());
            running.keySet().forEach(child -> narrow(child).tell(
                    new Guardian.Shutdown(getContext().getSystem().ignoreRef())));
        }
        return startMore();
    }

    private Behavior<Command> onPrepared(Prepared message) {
        preparing--;
        RunInputs inputs = message.inputs();
        if (stopping) {
            inputs.release();
            record(new RunRecord(message.run(), RunRecord.State.NOT_RUN, "the sweep was stopped before it started",
                    inputs.data().train().size(), 0));
            return startMore();
        }
        PlannedRun run = message.run();
        CompletableFuture<RunStatus> outcome = new CompletableFuture<>();
        PrintStream terminal = LinePrefixStream.wrap(setup.terminal(), "[" + run.id() + "] ");
        Guardian.Setup guardian = new Guardian.Setup(run.settings(), inputs.data(), inputs.labels(),
                inputs.directory(), terminal, outcome, null);
        // Named by the run's id: unique in the plan, and readable in logs and dead-letter reports.
        ActorRef<Guardian.Command> child = getContext().spawn(Guardian.create(guardian), "run-" + run.id());
        getContext().watch(child);
        running.put(child, new Running(run, outcome, inputs, message.startNanos()));
        return this;
    }

    private Behavior<Command> onPreparationFailed(PreparationFailed message) {
        preparing--;
        say("run %s failed at start: %s", message.run().id(), message.error());
        record(new RunRecord(message.run(), RunRecord.State.FAILED, message.error(), 0,
                seconds(message.startNanos())));
        return startMore();
    }

    private Behavior<Command> onRunEnded(ActorRef<Void> child, Throwable cause) {
        Running ended = running.remove(child);
        if (ended == null) {
            return this;
        }
        ended.inputs().release();
        RunStatus status = ended.outcome().isDone() ? ended.outcome().join()
                : RunStatus.failed(cause == null ? "its actors stopped before reporting an outcome"
                        : "its actors crashed: " + Failures.describe(cause));
        record(new RunRecord(ended.run(), RunRecord.State.of(status.endState()), status.error(),
                ended.inputs().data().train().size(), seconds(ended.startNanos())));
        if (status.endState() == EndState.FINISHED) {
            Path views = new RunDirectory(Path.of(ended.run().settings().run().dir())).viewsQueue();
            preparation.execute(() -> deleteViews(views));
        }
        return startMore();
    }

    private Behavior<Command> onReportWritten(ReportWritten message) {
        if (message.error() != null) {
            say("the report could not be written: %s", Failures.describe(message.error()));
            setup.outcome().completeExceptionally(message.error());
        } else {
            say("report: %s and %s", message.outcome().markdown(), message.outcome().html());
            setup.outcome().complete(message.outcome());
        }
        stopRequesters.forEach(requester -> requester.tell(Done.getInstance()));
        return Behaviors.stopped();
    }

    private Behavior<Command> startMore() {
        while (!stopping && running.size() + preparing < setup.concurrency() && !pending.isEmpty()) {
            prepare(pending.poll());
        }
        if (running.isEmpty() && preparing == 0 && (stopping || pending.isEmpty()) && !reporting) {
            writeReport();
        }
        return this;
    }

    private void prepare(PlannedRun run) {
        preparing++;
        long start = System.nanoTime();
        int total = setup.plan().runs().size();
        say("starting run %d/%d: %s (conditions %s)", total - pending.size(), total, run.id(),
                String.join(", ", run.conditionIds()));
        CompletableFuture<Prepared> work = CompletableFuture.supplyAsync(() -> prepareRun(run, start), preparation);
        getContext().pipeToSelf(work, (prepared, error) -> prepared != null ? prepared
                : new PreparationFailed(run, Failures.describe(error), start));
    }

    /** Creates the run directory with its config, loads the data (once per data set) and draws the labels. */
    private Prepared prepareRun(PlannedRun run, long start) {
        BmlSettings settings = run.settings();
        RunDirectory directory = new RunDirectory(Path.of(settings.run().dir()));
        return new Prepared(run, RunInputs.open(directory, settings, setup.data(), RunInputs.DirectoryWork.NONE),
                start);
    }

    private void writeReport() {
        reporting = true;
        List<RunRecord> all = new ArrayList<>();
        for (PlannedRun run : setup.plan().runs()) {
            all.add(records.getOrDefault(run.id(), new RunRecord(run, RunRecord.State.NOT_RUN,
                    "the sweep was stopped before it started", 0, 0)));
        }
        say("all runs ended; writing the report");
        boolean stopped = stopping;
        CompletableFuture<SweepOutcome> work = CompletableFuture.supplyAsync(
                () -> ReportWriter.write(setup.plan(), all, setup.header(), stopped), preparation);
        getContext().pipeToSelf(work, ReportWritten::new);
    }

    private void record(RunRecord record) {
        records.put(record.run().id(), record);
        say("run %s %s after %.0f s%s (%d of %d done)", record.run().id(), record.state(), record.wallSeconds(),
                record.error() == null ? "" : ": " + record.error(), records.size(), setup.plan().runs().size());
    }

    private Behavior<Command> onPostStop() {
        preparation.shutdownNow();
        running.values().forEach(run -> run.inputs().release());
        setup.outcome().completeExceptionally(new IllegalStateException("the sweep stopped before its report"));
        return this;
    }

    @SuppressWarnings("unchecked")
    private static ActorRef<Guardian.Command> narrow(ActorRef<?> child) {
        return (ActorRef<Guardian.Command>) child;
    }

    /** The consumed views of a finished run: gigabytes a sweep no longer needs (metrics and summary are kept). */
    private void deleteViews(Path views) {
        try {
            FileTrees.delete(views);
        } catch (IOException | UncheckedIOException e) {
            say("could not delete %s: %s", views, e.getMessage());
        }
    }


    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void say(String format, Object... args) {
        setup.terminal().println("[sweep] " + String.format(format, args));
    }
}
