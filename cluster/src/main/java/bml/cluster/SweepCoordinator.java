package bml.cluster;

import bml.reproduce.RunRecord;
import bml.reproduce.SweepOutcome;
import bml.reproduce.SweepPlan;
import bml.runfiles.FileTrees;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * gives its runs back to the plan (see {@link RunBook} for why nothing is counted twice). While a run trains, its
 * worker copies its newest sound checkpoint home ({@code OUT/.checkpoints/<id>/}); a run given back with such a
 * copy goes to its next worker as a resume from it, the copy sent along by an uploader here. Owns the run book, the
 * registered workers, the result and checkpoint receivers and the checkpoint uploaders; the report and deletions
 * are written on the blocking dispatcher.
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
     * {@code resumedFrom} is the step of the checkpoint copied home it continues from, -1 when it started from the
     * start; {@code resumeProblem} says why a resume it was given could not be done (null when none).
     */
    public record RunStarted(String session, ActorRef<SweepWorker.Command> worker, String runId, int attempt,
                             String url, String token, long resumedFrom, String resumeProblem)
            implements Command, ClusterMessage {}

    /**
     * A worker's running run offers a copy of its checkpoint of {@code step} (with its metrics up to then and its
     * settings), sent by {@code uploader}; the coordinator keeps the newest, to continue the run elsewhere if the
     * worker is lost.
     */
    public record CheckpointOffer(String session, ActorRef<SweepWorker.Command> worker, String runId, int attempt,
                                  long step, List<FileEntry> files, ActorRef<ResultUpload.Command> uploader)
            implements Command, ClusterMessage {}

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

    private record ResumeSent(ResultUpload.Outcome outcome) implements Command {}

    private record Deleted(Path dir, Throwable error) implements Command {}

    private record ReportWritten(SweepOutcome outcome, Throwable error) implements Command {}

    /**
     * The inputs of a sweep on the cluster.
     *
     * @param home     records of runs already home (a resumed sweep)
     * @param reporter writes the report from the runs' records and whether the sweep was stopped
     * @param outcome  completed when the report is written
     * @param chunkBytes size of the pieces in which a checkpoint copied home travels to the worker that resumes it
     */
    public record Setup(ClusterPlan plan, Map<String, RunRecord> home, SweepSecret secret,
                        BiFunction<List<RunRecord>, Boolean, SweepOutcome> reporter, PrintStream terminal,
                        CompletableFuture<SweepOutcome> outcome, int chunkBytes) {}

    private record Worker(String name, int slots, String session) {}

    private record Refusal(String name, String address, String reason) {}

    /** A checkpoint copy on its way home: which run and step, and who receives it. */
    private record IncomingCheckpoint(String runId, long step, List<FileEntry> files,
                                      ActorRef<ResultReceiver.Command> receiver) {}

    /** A checkpoint copy on its way to the worker that resumes the run. */
    private record OutgoingCheckpoint(String runId, Path dir, ActorRef<ResultUpload.Command> upload) {}

    /** Where checkpoints copied home are kept while their runs train: {@code OUT/.checkpoints/<id>/}. */
    static final String CHECKPOINTS = ".checkpoints";

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
    private final Map<Path, IncomingCheckpoint> incomingCheckpoints = new HashMap<>();
    private final Map<String, OutgoingCheckpoint> outgoingCheckpoints = new HashMap<>();
    /** Resumes that started from the start instead, because the copy home could not be used. */
    private int resumeFallbacks;
    /** Checkpoint copies offered so far, to name their receivers uniquely. */
    private long checkpointOffers;
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
                .onMessage(CheckpointOffer.class, this::onCheckpointOffer)
                .onMessage(Received.class, this::onReceived)
                .onMessage(ResumeSent.class, this::onResumeSent)
                .onMessage(Deleted.class, this::onDeleted)
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
            SweepWorker.ResumeFrom resume = entry.resumeStep < 0 ? null : sendCheckpoint(entry);
            say("run %s to worker %s (attempt %d%s; %d of %d home)", entry.run.id(), info.name(), entry.attempt,
                    resume == null ? "" : ", resuming from step " + resume.step() + " copied home",
                    book.homeCount(), book.size());
            worker.tell(new SweepWorker.AssignRun(entry.run.id(), entry.attempt, entry.run.settings().render(),
                    resume));
        }
    }

    /** An uploader of the run's checkpoint copy for the worker that resumes it, and what it offers. */
    private SweepWorker.ResumeFrom sendCheckpoint(RunBook.Entry entry) {
        RunBook.CheckpointHome copy = entry.checkpoint;
        List<FileEntry> files = copy.files();
        ActorRef<ResultUpload.Command> upload = getContext().spawn(ResultUpload.create(new ResultUpload.Setup(
                copy.dir(), files, setup.chunkBytes(),
                getContext().messageAdapter(ResultUpload.Outcome.class, ResumeSent::new))),
                "resume-" + entry.run.id() + "." + entry.attempt);
        outgoingCheckpoints.put(entry.run.id(), new OutgoingCheckpoint(entry.run.id(), copy.dir(), upload));
        return new SweepWorker.ResumeFrom(copy.step(), files, upload);
    }

    /** Stops the run's checkpoint transfers, both ways: the attempt they served has ended or been taken back. */
    private void stopCheckpointTransfers(String runId) {
        OutgoingCheckpoint outgoing = outgoingCheckpoints.remove(runId);
        if (outgoing != null) {
            getContext().stop(outgoing.upload());
        }
        incomingCheckpoints.values().removeIf(incoming -> {
            if (incoming.runId().equals(runId)) {
                getContext().stop(incoming.receiver());
                return true;
            }
            return false;
        });
    }

    private Behavior<Command> onRunStarted(RunStarted started) {
        RunBook.Entry entry = registered(started.session(), started.worker())
                ? book.current(started.runId(), started.attempt(), started.worker()).orElse(null) : null;
        if (entry == null) {
            return this;
        }
        entry.url = started.url();
        entry.token = started.token();
        OutgoingCheckpoint outgoing = outgoingCheckpoints.remove(entry.run.id());
        if (outgoing != null) {
            getContext().stop(outgoing.upload()); // done by now, or of no use any more
        }
        if (entry.resumeStep >= 0 && started.resumedFrom() >= 0) {
            say("run %s resumed on %s from step %d copied home", entry.run.id(), entry.workerName,
                    started.resumedFrom());
        } else if (entry.resumeStep >= 0) {
            // The copy may be what is wrong: it is dropped, and this attempt copies its own checkpoints home.
            resumeFallbacks++;
            say("run %s could not resume from step %d on %s (%s): it trains from the start (%d resume(s) fell back "
                    + "so far)", entry.run.id(), entry.resumeStep, entry.workerName, started.resumeProblem(),
                    resumeFallbacks);
            entry.resumeStep = -1;
            book.dropCheckpoint(entry).ifPresent(copy -> delete(copy.dir()));
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
        stopCheckpointTransfers(entry.run.id());
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

    private Behavior<Command> onCheckpointOffer(CheckpointOffer offer) {
        RunBook.Entry entry = registered(offer.session(), offer.worker())
                ? book.current(offer.runId(), offer.attempt(), offer.worker()).orElse(null) : null;
        String refusal = entry == null ? "run " + offer.runId() + " attempt " + offer.attempt()
                + " is not held by this worker" : book.checkpointRefusal(entry, offer.step());
        if (refusal == null) {
            refusal = ResultFiles.problemWithCheckpointCopy(offer.files());
        }
        if (refusal != null) {
            offer.uploader().tell(new ResultUpload.Declined(refusal));
            return this;
        }
        Path out = setup.plan().outDir();
        // Numbered: a copy offered again after a failed try never shares the directory its predecessor deletes.
        String name = entry.run.id() + "." + entry.attempt + ".step-" + offer.step() + "." + ++checkpointOffers;
        // Named by attempt and step, so a copy never lands on another (a late one from a lost attempt included).
        Path target = out.resolve(CHECKPOINTS).resolve(entry.run.id()).resolve("step-" + offer.step() + "."
                + entry.attempt);
        ActorRef<ResultReceiver.Command> receiver = getContext().spawn(ResultReceiver.create(
                new ResultReceiver.Setup(offer.files(), out.resolve(".incoming").resolve(name), target, null,
                        getContext().messageAdapter(ResultReceiver.Outcome.class, Received::new))),
                "checkpoint-" + name);
        book.checkpointIncoming(entry, offer.step());
        incomingCheckpoints.put(target, new IncomingCheckpoint(entry.run.id(), offer.step(), offer.files(),
                receiver));
        offer.uploader().tell(new ResultUpload.Accepted(receiver));
        return this;
    }

    private Behavior<Command> onCheckpointReceived(ResultReceiver.Outcome outcome) {
        IncomingCheckpoint incoming = incomingCheckpoints.remove(outcome.target());
        if (incoming == null) {
            if (outcome.error() == null) {
                delete(outcome.target()); // its transfer was stopped as it landed: nobody knows of this copy
            }
            return this;
        }
        RunBook.Entry entry = book.entry(incoming.runId()).orElseThrow();
        if (outcome.error() != null) {
            book.checkpointLost(entry, incoming.step());
            say("the checkpoint of step %d of run %s did not come home: %s", incoming.step(), incoming.runId(),
                    outcome.error());
            return this;
        }
        book.checkpointArrived(entry, incoming.step(),
                new RunBook.CheckpointHome(incoming.step(), outcome.target(), incoming.files()))
                .ifPresent(stale -> delete(stale.dir()));
        return this;
    }

    private Behavior<Command> onResumeSent(ResumeSent message) {
        ResultUpload.Outcome outcome = message.outcome();
        outgoingCheckpoints.values().removeIf(outgoing -> outgoing.dir().equals(outcome.from()));
        if (!outcome.delivered()) {
            say("a checkpoint copied home (%s) did not reach the worker resuming its run: %s", outcome.from(),
                    outcome.error());
        }
        return this;
    }

    /** Deletes a directory of the sweep's output on the blocking dispatcher (a checkpoint copy no longer needed). */
    private void delete(Path dir) {
        CompletableFuture<Void> work = CompletableFuture.runAsync(() -> {
            try {
                FileTrees.delete(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blocking);
        getContext().pipeToSelf(work, (done, error) -> new Deleted(dir, error));
    }

    private Behavior<Command> onDeleted(Deleted message) {
        if (message.error() != null) {
            say("could not delete %s: %s", message.dir(), message.error().getMessage());
        }
        return this;
    }

    private Behavior<Command> onReceived(Received message) {
        ResultReceiver.Outcome outcome = message.outcome();
        if (outcome.record() == null) {
            return onCheckpointReceived(outcome);
        }
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
        book.dropCheckpoint(entry).ifPresent(copy -> delete(copy.dir().getParent()));
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
        stopCheckpointTransfers(entry.run.id());
        if (!book.release(entry, reason)) {
            say("run %s failed: %s", entry.run.id(), entry.record.error());
            book.dropCheckpoint(entry).ifPresent(copy -> delete(copy.dir().getParent()));
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
        Path checkpoints = setup.plan().outDir().resolve(CHECKPOINTS);
        CompletableFuture<SweepOutcome> work = CompletableFuture.supplyAsync(() -> {
            deleteCheckpointCopies(checkpoints);
            return setup.reporter().apply(records, stopped);
        }, blocking);
        getContext().pipeToSelf(work, ReportWritten::new);
    }

    /**
     * Deletes every checkpoint copied home: the runs they could resume are over, and a copy serves only the
     * coordinator that received it. A copy that cannot be deleted does not stop the report.
     */
    static void deleteCheckpointCopies(Path checkpoints) {
        try {
            FileTrees.delete(checkpoints);
        } catch (IOException e) {
            // Left behind: nothing reads it, and the next sweep in this directory deletes it.
        }
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
