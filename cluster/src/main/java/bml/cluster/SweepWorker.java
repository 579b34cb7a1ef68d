package bml.cluster;

import bml.reproduce.DataCache;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * A worker node's guardian: finds the sweep's coordinator through the receptionist, proves it holds the sweep's
 * secret, then asks for a run whenever one of its slots is free and trains each run it is given as a
 * {@link WorkerRun}. It leaves the cluster when the sweep is over, when it is refused, or when the coordinator is
 * gone.
 *
 * <p>Owns its slots (the runs in progress). The states are the stages of that life: looking for the coordinator,
 * registering, working. Built in the functional style around an instance, since every state shares the same fields.
 */
public final class SweepWorker {

    public sealed interface Command {}

    /** The coordinator's challenge: answer with the HMAC of {@code nonce} under the sweep's secret. */
    public record Challenge(String nonce, ActorRef<SweepCoordinator.Command> coordinator)
            implements Command, ClusterMessage {}

    /** Registration accepted: {@code session} goes with every later message. */
    public record Registered(String session) implements Command, ClusterMessage {}

    /** Registration refused (wrong secret, or unknown to the coordinator): the worker leaves. */
    public record Refused(String reason) implements Command, ClusterMessage {}

    /**
     * Train this run: its settings are HOCON as a run directory's config.conf holds them; {@code resume} is null to
     * start it from the start, else the checkpoint copied home to continue it from.
     */
    public record AssignRun(String runId, int attempt, String settings, ResumeFrom resume)
            implements Command, ClusterMessage {}

    /**
     * A checkpoint of step {@code step} copied home from an earlier attempt: {@code uploader} sends {@code files}
     * (the checkpoint and the metrics up to then) once the worker answers with a receiver.
     */
    public record ResumeFrom(long step, List<FileEntry> files, ActorRef<ResultUpload.Command> uploader) {
        public ResumeFrom {
            files = List.copyOf(files);
        }
    }

    /** Stop the runs in progress cleanly and send home what they have (the sweep was stopped). */
    public record StopRuns(String reason) implements Command, ClusterMessage {}

    /** No more runs will come: leave once the runs in progress are home. */
    public record SweepOver(String reason) implements Command, ClusterMessage {}

    private record CoordinatorListing(Receptionist.Listing listing) implements Command {}

    private record SlotFreed(String runId) implements Command {}

    private enum CoordinatorGone implements Command { INSTANCE }

    /** Exit codes of a worker process. */
    public static final int EXIT_DONE = 0;
    public static final int EXIT_LOST = 1;
    public static final int EXIT_REFUSED = 3;

    /**
     * @param threads {@code training.threads} of a run whose settings leave it at 0 (all cores): this worker's
     *                share of the machine
     * @param root    the worker's directory: its runs go to {@code root/runs/<id>}
     * @param server  serves each run over HTTP, or null for none
     * @param exit    completed with the worker's exit code before it leaves
     */
    public record Setup(String name, int slots, int threads, Path root, SweepSecret secret, RunServer server,
                        int chunkBytes, PrintStream terminal, CompletableFuture<Integer> exit) {}

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> new SweepWorker(context, setup).lookingForCoordinator());
    }

    private final ActorContext<Command> context;
    private final Setup setup;
    private final DataCache data = new DataCache();
    private final Map<String, ActorRef<WorkerRun.Command>> runs = new HashMap<>();
    private ActorRef<SweepCoordinator.Command> coordinator;
    private String session;
    private boolean over;

    private SweepWorker(ActorContext<Command> context, Setup setup) {
        this.context = context;
        this.setup = setup;
        ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class,
                CoordinatorListing::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(SweepCoordinator.KEY, listings));
        say("looking for the coordinator");
    }

    private Behavior<Command> lookingForCoordinator() {
        return Behaviors.receive(Command.class)
                .onMessage(CoordinatorListing.class, this::onListing)
                .onMessage(SweepOver.class, message -> leave(EXIT_DONE, message.reason()))
                .build();
    }

    private Behavior<Command> onListing(CoordinatorListing message) {
        var found = message.listing().getServiceInstances(SweepCoordinator.KEY);
        if (found.isEmpty()) {
            return Behaviors.same();
        }
        found.iterator().next().tell(new SweepCoordinator.Hello(context.getSelf(), setup.name()));
        return registering();
    }

    private Behavior<Command> registering() {
        return Behaviors.receive(Command.class)
                .onMessage(Challenge.class, this::onChallenge)
                .onMessage(Registered.class, this::onRegistered)
                .onMessage(Refused.class, this::onRefused)
                .onMessage(CoordinatorListing.class, notUsed -> Behaviors.same())
                .build();
    }

    private Behavior<Command> onChallenge(Challenge challenge) {
        coordinator = challenge.coordinator();
        String identity = ActorRefResolver.get(context.getSystem()).toSerializationFormat(context.getSelf());
        coordinator.tell(new SweepCoordinator.Register(context.getSelf(), setup.name(), setup.slots(),
                setup.secret().prove(challenge.nonce(), identity)));
        return Behaviors.same();
    }

    private Behavior<Command> onRefused(Refused refused) {
        return leave(EXIT_REFUSED, "refused by the coordinator: " + refused.reason());
    }

    private Behavior<Command> onRegistered(Registered registered) {
        if (coordinator == null) {
            return Behaviors.same();
        }
        session = registered.session();
        context.watchWith(coordinator, CoordinatorGone.INSTANCE);
        say("registered with the coordinator: %d slot(s); runs train on the threads their settings name, %d when "
                + "they say all cores", setup.slots(), setup.threads());
        for (int i = 0; i < setup.slots(); i++) {
            requestRun();
        }
        return working();
    }

    private Behavior<Command> working() {
        return Behaviors.receive(Command.class)
                .onMessage(AssignRun.class, this::onAssignRun)
                .onMessage(SlotFreed.class, this::onSlotFreed)
                .onMessage(StopRuns.class, this::onStopRuns)
                .onMessage(SweepOver.class, this::onSweepOver)
                .onMessage(Refused.class, this::onRefused)
                .onMessage(CoordinatorGone.class, notUsed -> leave(EXIT_LOST, "the coordinator is gone"))
                .onMessage(CoordinatorListing.class, notUsed -> Behaviors.same())
                .onMessage(Challenge.class, notUsed -> Behaviors.same())
                .onMessage(Registered.class, notUsed -> Behaviors.same())
                .build();
    }

    private void requestRun() {
        coordinator.tell(new SweepCoordinator.RequestRun(session, context.getSelf()));
    }

    private Behavior<Command> onAssignRun(AssignRun assign) {
        if (runs.containsKey(assign.runId())) {
            return Behaviors.same(); // a duplicate assignment; the run is already here
        }
        WorkerRun.Setup run = new WorkerRun.Setup(assign, session, context.getSelf(), coordinator, setup.root(),
                setup.threads(), data, setup.server(), setup.chunkBytes(), setup.terminal());
        ActorRef<WorkerRun.Command> child = context.spawn(WorkerRun.create(run),
                "run-" + URLEncoder.encode(assign.runId(), StandardCharsets.UTF_8) + "-" + assign.attempt());
        context.watchWith(child, new SlotFreed(assign.runId()));
        runs.put(assign.runId(), child);
        say("run %s (attempt %d) starts%s", assign.runId(), assign.attempt(), assign.resume() == null ? ""
                : ", to resume from the checkpoint of step " + assign.resume().step() + " copied home");
        return Behaviors.same();
    }

    private Behavior<Command> onSlotFreed(SlotFreed freed) {
        runs.remove(freed.runId());
        if (over) {
            return runs.isEmpty() ? leave(EXIT_DONE, "the sweep is over") : Behaviors.same();
        }
        requestRun();
        return Behaviors.same();
    }

    private Behavior<Command> onStopRuns(StopRuns stop) {
        over = true;
        say("stopping %d run(s): %s", runs.size(), stop.reason());
        runs.values().forEach(run -> run.tell(WorkerRun.StopRun.INSTANCE));
        return runs.isEmpty() ? leave(EXIT_DONE, stop.reason()) : Behaviors.same();
    }

    private Behavior<Command> onSweepOver(SweepOver sweepOver) {
        over = true;
        return runs.isEmpty() ? leave(EXIT_DONE, sweepOver.reason()) : Behaviors.same();
    }

    /** Records the exit code, then leaves the cluster and ends the actor system through coordinated shutdown. */
    private Behavior<Command> leave(int code, String reason) {
        say("leaving: %s", reason);
        setup.exit().complete(code);
        CoordinatedShutdown.get(context.getSystem()).runAll(CoordinatedShutdown.clusterLeavingReason());
        return Behaviors.ignore();
    }

    private void say(String format, Object... args) {
        setup.terminal().println("[worker " + setup.name() + "] " + String.format(format, args));
    }
}
