package bml.cluster;

import bml.reproduce.RunRecord;
import bml.reproduce.SweepOutcome;
import bml.reproduce.SweepPlan;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Holds a sweep's plan and hands its runs to the workers that ask for one, as a cluster singleton on the node that
 * started the sweep; records each run's state, receives its results and writes the report when every run is home.
 *
 * <p>Workers find it through the receptionist, prove they hold the sweep's secret (a challenge answered with an
 * HMAC), then pull runs, one request per free slot. A worker that leaves or is downed by the split-brain resolver
 * gives its runs back to the plan (see {@link RunBook} for why nothing is counted twice). Owns the run book, the
 * registered workers and the result receivers; the report is written on the blocking dispatcher.
 */
public final class SweepCoordinator extends AbstractBehavior<SweepCoordinator.Command> {

    /** Where workers look the coordinator up. */
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "bml-sweep-coordinator");

    public sealed interface Command {}

    /** A worker introduces itself and asks for a challenge. */
    public record Hello(ActorRef<SweepWorker.Command> worker, String name) implements Command, ClusterMessage {}

    /** A worker answers its challenge: {@code proof} is the HMAC of the challenge and its address. */
    public record Register(ActorRef<SweepWorker.Command> worker, String name, int slots, String proof)
            implements Command, ClusterMessage {}

    /** A registered worker has a free slot. */
    public record RequestRun(String session, ActorRef<SweepWorker.Command> worker) implements Command, ClusterMessage {}

    /**
     * A worker's run is training; {@code url} is its HTTP API and {@code token} that API's bearer token, both ""
     * when it is not served (the token stays in the coordinator, which needs it to pass changes on).
     */
    public record RunStarted(String session, ActorRef<SweepWorker.Command> worker, String runId, int attempt,
                             String url, String token) implements Command, ClusterMessage {}

    /** Where a worker's run is: its step and latest k-NN accuracy per layer (measured at {@code knnStep}). */
    public record RunProgress(String session, ActorRef<SweepWorker.Command> worker, String runId, int attempt,
                              long step, Map<String, Double> knn, long knnStep) implements Command, ClusterMessage {}

    /**
     * A worker's run ended ({@code finished}, {@code failed} or {@code stopped}); its files are offered by
     * {@code uploader}.
     */
    public record RunEnded(String session, ActorRef<SweepWorker.Command> worker, String runId, int attempt,
                           String state, String error, int trainImages, double wallSeconds, List<FileEntry> files,
                           ActorRef<ResultUpload.Command> uploader) implements Command, ClusterMessage {}

    /** Stop the sweep (Ctrl-C): workers stop their runs cleanly, their files come home, then the report. */
    public record Stop(ActorRef<Done> replyTo) implements Command {}

    /** Ask for the sweep's state (the live view). */
    public record GetView(ActorRef<SweepView> replyTo) implements Command {}

    /** Ask where run {@code runId}'s own HTTP API is, for the sweep's proxy. */
    public record LocateRun(String runId, ActorRef<RunLocation> replyTo) implements Command {}

    /** Where a run's HTTP API is: empty url when the run is not being served now. */
    public record RunLocation(String runId, String worker, String url, String token) {}

    private record WorkerGone(ActorRef<SweepWorker.Command> worker) implements Command {}

    private record Received(ResultReceiver.Outcome outcome) implements Command {}

    private record ReportWritten(SweepOutcome outcome, Throwable error) implements Command {}

    /**
     * The inputs of a sweep on the cluster.
     *
     * @param home     records of runs already home (a resumed sweep)
     * @param reporter writes the report from the runs' records and whether the sweep was stopped
     * @param outcome  completed when the report is written
     */
    public record Setup(ClusterPlan plan, Map<String, RunRecord> home, SweepSecret secret,
                        BiFunction<List<RunRecord>, Boolean, SweepOutcome> reporter, PrintStream terminal,
                        CompletableFuture<SweepOutcome> outcome) {}

    private record Worker(String name, int slots, String session) {}

    private record Refusal(String name, String address, String reason) {}

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> new SweepCoordinator(context, setup));
    }

    private final Setup setup;
    private final RunBook book;
    private final ActorRefResolver resolver;
    private final Executor blocking;
    private final Map<ActorRef<SweepWorker.Command>, String> challenges = new HashMap<>();
    private final Map<ActorRef<SweepWorker.Command>, Worker> workers = new LinkedHashMap<>();
    private final Deque<ActorRef<SweepWorker.Command>> waiting = new ArrayDeque<>();
    private final Map<String, ActorRef<ResultReceiver.Command>> receivers = new HashMap<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private final List<ActorRef<Done>> stopRequesters = new ArrayList<>();
    private boolean stopping;
    private boolean reporting;
    private SweepOutcome written;

    private SweepCoordinator(ActorContext<Command> context, Setup setup) {
        super(context);
        this.setup = setup;
        this.book = new RunBook(setup.plan().runs(), setup.home());
        this.resolver = ActorRefResolver.get(context.getSystem());
        this.blocking = context.getSystem().dispatchers()
                .lookup(DispatcherSelector.fromConfig("bml-cluster-dispatchers.blocking"));
        context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
        say("%d distinct runs for %d conditions, %d already home; output in %s", book.size(),
                setup.plan().conditions(), book.homeCount(), setup.plan().outDir().toAbsolutePath());
        if (book.allHome()) {
            writeReport();
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Hello.class, this::onHello)
                .onMessage(Register.class, this::onRegister)
                .onMessage(RequestRun.class, this::onRequestRun)
                .onMessage(RunStarted.class, this::onRunStarted)
                .onMessage(RunProgress.class, this::onRunProgress)
                .onMessage(RunEnded.class, this::onRunEnded)
                .onMessage(Received.class, this::onReceived)
                .onMessage(WorkerGone.class, this::onWorkerGone)
                .onMessage(Stop.class, this::onStop)
                .onMessage(GetView.class, this::onGetView)
                .onMessage(LocateRun.class, this::onLocateRun)
                .onMessage(ReportWritten.class, this::onReportWritten)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onHello(Hello hello) {
        String challenge = SweepSecret.challenge();
        challenges.put(hello.worker(), challenge);
        hello.worker().tell(new SweepWorker.Challenge(challenge, getContext().getSelf()));
        return this;
    }

    private Behavior<Command> onRegister(Register register) {
        String challenge = challenges.remove(register.worker());
        String identity = resolver.toSerializationFormat(register.worker());
        if (challenge == null || !setup.secret().verify(challenge, identity, register.proof())) {
            String reason = challenge == null ? "registration without a challenge"
                    : "the proof does not match the sweep's secret";
            refusals.add(new Refusal(register.name(), register.worker().path().address().toString(), reason));
            say("refused worker %s at %s: %s", register.name(), register.worker().path().address(), reason);
            register.worker().tell(new SweepWorker.Refused(reason));
            return this;
        }
        String session = SweepSecret.challenge();
        workers.put(register.worker(), new Worker(register.name(), register.slots(), session));
        getContext().watchWith(register.worker(), new WorkerGone(register.worker()));
        say("worker %s joined from %s with %d slot(s)", register.name(), register.worker().path().address(),
                register.slots());
        register.worker().tell(new SweepWorker.Registered(session));
        return this;
    }

    private Behavior<Command> onRequestRun(RequestRun request) {
        if (!registered(request.session(), request.worker())) {
            request.worker().tell(new SweepWorker.Refused("not registered with this sweep"));
            return this;
        }
        if (written != null || reporting) {
            request.worker().tell(new SweepWorker.SweepOver("the sweep is over"));
        } else if (!stopping) {
            waiting.add(request.worker());
            serveWaiting();
        }
        return this;
    }

    private void serveWaiting() {
        while (!waiting.isEmpty() && book.anyPending()) {
            ActorRef<SweepWorker.Command> worker = waiting.poll();
            Worker info = workers.get(worker);
            RunBook.Entry entry = book.assign(worker, info.name()).orElseThrow();
            say("run %s to worker %s (attempt %d; %d of %d home)", entry.run.id(), info.name(), entry.attempt,
                    book.homeCount(), book.size());
            worker.tell(new SweepWorker.AssignRun(entry.run.id(), entry.attempt, entry.run.settings().render()));
        }
    }

    private Behavior<Command> onRunStarted(RunStarted started) {
        if (registered(started.session(), started.worker())) {
            book.current(started.runId(), started.attempt(), started.worker()).ifPresent(entry -> {
                entry.url = started.url();
                entry.token = started.token();
            });
        }
        return this;
    }

    private Behavior<Command> onRunProgress(RunProgress progress) {
        if (registered(progress.session(), progress.worker())) {
            book.current(progress.runId(), progress.attempt(), progress.worker()).ifPresent(entry -> {
                entry.step = progress.step();
                entry.knn = Map.copyOf(progress.knn());
                entry.knnStep = progress.knnStep();
            });
        }
        return this;
    }

    private Behavior<Command> onRunEnded(RunEnded ended) {
        RunBook.Entry entry = registered(ended.session(), ended.worker())
                ? book.current(ended.runId(), ended.attempt(), ended.worker()).orElse(null) : null;
        if (entry == null || entry.phase != RunBook.Phase.RUNNING) {
            ended.uploader().tell(new ResultUpload.Declined("run " + ended.runId() + " attempt " + ended.attempt()
                    + " is not held by this worker"));
            return this;
        }
        String problem = ResultFiles.problemWith(ended.files());
        if (problem != null) {
            ended.uploader().tell(new ResultUpload.Declined(problem));
            return release(entry, "its results were refused: " + problem);
        }
        book.receiving(entry);
        Path out = setup.plan().outDir();
        String name = entry.run.id() + "." + entry.attempt;
        HomeRecord record = new HomeRecord(entry.run.id(), ended.state(), ended.error(), ended.trainImages(),
                ended.wallSeconds(), entry.workerName, entry.attempt);
        ActorRef<ResultReceiver.Command> receiver = getContext().spawn(ResultReceiver.create(
                new ResultReceiver.Setup(ended.files(), out.resolve(".incoming").resolve(name),
                        SweepPlan.runDirectory(out, entry.run.id()), record,
                        getContext().messageAdapter(ResultReceiver.Outcome.class, Received::new))),
                "receive-" + name);
        receivers.put(entry.run.id(), receiver);
        ended.uploader().tell(new ResultUpload.Accepted(receiver));
        return this;
    }

    private Behavior<Command> onReceived(Received message) {
        ResultReceiver.Outcome outcome = message.outcome();
        RunBook.Entry entry = book.entries().stream()
                .filter(e -> e.run.id().equals(outcome.record().runId()) && e.attempt == outcome.record().attempt()
                        && e.phase == RunBook.Phase.RECEIVING)
                .findFirst().orElse(null);
        if (entry == null) {
            return this; // an attempt taken back meanwhile
        }
        receivers.remove(entry.run.id());
        if (outcome.error() != null) {
            return release(entry, "its results could not be copied home: " + outcome.error());
        }
        book.home(entry, outcome.record().toRecord(entry.run));
        // What the cluster added to the run: handing it out, starting it, and bringing its files home.
        double held = (System.nanoTime() - entry.assignedNanos) / 1e9;
        say("run %s %s on %s, results home (%d of %d): held %.1f s, trained %.1f s, overhead %.1f s",
                entry.run.id(), entry.record.state(), entry.workerName, book.homeCount(), book.size(), held,
                entry.record.wallSeconds(), held - entry.record.wallSeconds());
        return afterChange();
    }

    private Behavior<Command> onWorkerGone(WorkerGone gone) {
        Worker info = workers.remove(gone.worker());
        waiting.removeIf(gone.worker()::equals);
        if (info == null) {
            return this;
        }
        List<RunBook.Entry> held = book.heldBy(gone.worker());
        say("worker %s left the cluster%s", info.name(), held.isEmpty() ? ""
                : "; its runs go back to the plan: " + String.join(", ", held.stream().map(e -> e.run.id()).toList()));
        for (RunBook.Entry entry : held) {
            release(entry, "worker " + info.name() + " was lost");
        }
        return afterChange();
    }

    private Behavior<Command> release(RunBook.Entry entry, String reason) {
        ActorRef<ResultReceiver.Command> receiver = receivers.remove(entry.run.id());
        if (receiver != null) {
            getContext().stop(receiver);
        }
        if (!book.release(entry, reason)) {
            say("run %s failed: %s", entry.run.id(), entry.record.error());
        }
        return afterChange();
    }

    private Behavior<Command> onStop(Stop stop) {
        stopRequesters.add(stop.replyTo());
        if (written != null) {
            stop.replyTo().tell(Done.getInstance());
            return this;
        }
        if (!stopping) {
            stopping = true;
            waiting.clear();
            say("stopping: the workers stop their runs cleanly and send what they have");
            workers.keySet().forEach(worker -> worker.tell(new SweepWorker.StopRuns("the sweep was stopped")));
        }
        return afterChange();
    }

    private Behavior<Command> onGetView(GetView request) {
        request.replyTo().tell(SweepView.of(book, workers.size(),
                refusals.stream().map(r -> r.name() + " at " + r.address() + ": " + r.reason()).toList(),
                stopping, written != null));
        return this;
    }

    private Behavior<Command> onLocateRun(LocateRun request) {
        RunBook.Entry entry = book.entries().stream().filter(e -> e.run.id().equals(request.runId())).findFirst()
                .orElse(null);
        boolean served = entry != null && entry.phase == RunBook.Phase.RUNNING && !entry.url.isEmpty();
        request.replyTo().tell(new RunLocation(request.runId(), entry == null ? "" : entry.workerName,
                served ? entry.url : "", served ? entry.token : ""));
        return this;
    }

    private Behavior<Command> afterChange() {
        serveWaiting();
        if (!reporting && (book.allHome() || stopping && !book.anyHeld())) {
            writeReport();
        }
        return this;
    }

    private void writeReport() {
        reporting = true;
        List<RunRecord> records = book.records("the sweep was stopped before it started");
        boolean stopped = stopping;
        say("all runs ended; writing the report");
        CompletableFuture<SweepOutcome> work = CompletableFuture.supplyAsync(
                () -> setup.reporter().apply(records, stopped), blocking);
        getContext().pipeToSelf(work, ReportWritten::new);
    }

    private Behavior<Command> onReportWritten(ReportWritten message) {
        workers.keySet().forEach(worker -> worker.tell(new SweepWorker.SweepOver("the sweep is over")));
        if (message.error() != null) {
            Throwable cause = message.error() instanceof CompletionException && message.error().getCause() != null
                    ? message.error().getCause() : message.error();
            say("the report could not be written: %s", cause.getMessage());
            setup.outcome().completeExceptionally(cause);
        } else {
            written = message.outcome();
            say("report: %s and %s", written.markdown(), written.html());
            setup.outcome().complete(written);
        }
        stopRequesters.forEach(requester -> requester.tell(Done.getInstance()));
        return this;
    }

    private Behavior<Command> onPostStop() {
        setup.outcome().completeExceptionally(new IllegalStateException("the coordinator stopped before its report"));
        return this;
    }

    private boolean registered(String session, ActorRef<SweepWorker.Command> worker) {
        Worker info = workers.get(worker);
        return info != null && info.session().equals(session);
    }

    private void say(String format, Object... args) {
        setup.terminal().println("[sweep] " + String.format(format, args));
    }
}
