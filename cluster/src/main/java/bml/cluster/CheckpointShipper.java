package bml.cluster;

import bml.actors.Failures;
import bml.runfiles.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Copies a training run's checkpoints home while it trains, so that the run can continue elsewhere if its worker is
 * lost: at each {@link Look} it stages the newest sound checkpoint newer than the last copy home (see
 * {@link CheckpointCopy}) and offers it to the coordinator through a {@link ResultUpload}, one copy at a time.
 *
 * <p>States: idle, staging (file work on the blocking dispatcher), uploading. Told to {@link Finish} (the run ended:
 * its results bring the final checkpoint home), it stops at once, or once a staging in flight has returned, so that
 * nothing writes to the staging directory after it stopped: its parent deletes that directory then.
 */
final class CheckpointShipper {

    sealed interface Command {}

    /** Look for a newer checkpoint to copy home (the run's progress tick); ignored while a copy is on its way. */
    enum Look implements Command { INSTANCE }

    /** The run has ended: stop copying. */
    enum Finish implements Command { INSTANCE }

    /** A checkpoint copy staged for the trip home, null when there is no newer sound one. */
    private record Staged(CheckpointCopy.Staged staged, Throwable error) implements Command {}

    private record Uploaded(ResultUpload.Outcome outcome) implements Command {}

    /** Tells the coordinator that {@code files} (a checkpoint of {@code step}) are on offer from {@code upload}. */
    interface Offer {
        void send(long step, List<FileEntry> files, ActorRef<ResultUpload.Command> upload);
    }

    /**
     * @param copiedHome the step of the newest checkpoint home already (0: the untrained one is not worth sending)
     * @param staging    where copies are staged, replaced by each; deleted by the parent once this actor stopped
     * @param say        a line for the worker's terminal about this run
     */
    record Setup(RunDirectory run, long probeEvery, int probeSlots, long copiedHome, Path staging, int chunkBytes,
                 Offer offer, Consumer<String> say) {}

    static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> new CheckpointShipper(context, setup).idle(setup.copiedHome()));
    }

    private final ActorContext<Command> context;
    private final Setup setup;
    private final Executor blocking;
    /** The run's metrics.jsonl as read so far; a staging's alone until its result comes back. */
    private final MetricsTail metrics;
    private int offers;
    private String lastProblem;

    private CheckpointShipper(ActorContext<Command> context, Setup setup) {
        this.context = context;
        this.setup = setup;
        this.blocking = context.getSystem().dispatchers()
                .lookup(DispatcherSelector.fromConfig("bml-cluster-dispatchers.blocking"));
        this.metrics = new MetricsTail(setup.run().metrics());
    }

    private Behavior<Command> idle(long copiedHome) {
        return Behaviors.receive(Command.class)
                .onMessageEquals(Look.INSTANCE, () -> stage(copiedHome))
                .onMessageEquals(Finish.INSTANCE, Behaviors::stopped)
                .build();
    }

    private Behavior<Command> stage(long copiedHome) {
        CompletableFuture<CheckpointCopy.Staged> work = CompletableFuture.supplyAsync(() -> {
            try {
                return CheckpointCopy.stage(setup.run(), metrics, copiedHome, setup.probeEvery(), setup.probeSlots(),
                        setup.staging()).orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }, blocking);
        context.pipeToSelf(work, Staged::new);
        return Behaviors.receive(Command.class)
                .onMessageEquals(Look.INSTANCE, Behaviors::same)
                .onMessageEquals(Finish.INSTANCE, CheckpointShipper::awaitStagingThenStop)
                .onMessage(Staged.class, staged -> onStaged(copiedHome, staged))
                .build();
    }

    private static Behavior<Command> awaitStagingThenStop() {
        return Behaviors.receive(Command.class)
                .onMessage(Staged.class, notUsed -> Behaviors.stopped())
                .onAnyMessage(notUsed -> Behaviors.same())
                .build();
    }

    private Behavior<Command> onStaged(long copiedHome, Staged message) {
        if (message.error() != null || message.staged() == null) {
            String problem = message.error() == null ? null : Failures.describe(message.error());
            if (problem != null && !problem.equals(lastProblem)) {
                setup.say().accept("no checkpoint copied home this time: " + problem);
            }
            lastProblem = problem;
            return idle(copiedHome);
        }
        CheckpointCopy.Staged staged = message.staged();
        ActorRef<ResultUpload.Command> upload = context.spawn(ResultUpload.create(new ResultUpload.Setup(
                staged.dir(), staged.files(), setup.chunkBytes(),
                context.messageAdapter(ResultUpload.Outcome.class, Uploaded::new))),
                "checkpoint-" + staged.step() + "-" + ++offers);
        setup.offer().send(staged.step(), staged.files(), upload);
        return Behaviors.receive(Command.class)
                .onMessageEquals(Look.INSTANCE, Behaviors::same)
                .onMessageEquals(Finish.INSTANCE, Behaviors::stopped) // stops the upload with it
                .onMessage(Uploaded.class, uploaded -> onUploaded(copiedHome, staged.step(), uploaded.outcome()))
                .build();
    }

    private Behavior<Command> onUploaded(long copiedHome, long offered, ResultUpload.Outcome outcome) {
        if (outcome.delivered()) {
            setup.say().accept("checkpoint of step " + offered + " copied home");
            return idle(offered);
        }
        setup.say().accept("checkpoint of step " + offered + " not copied home: " + outcome.error());
        return idle(copiedHome);
    }
}
