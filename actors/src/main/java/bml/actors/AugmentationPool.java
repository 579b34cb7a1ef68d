package bml.actors;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Starts the augmentation workers, passes the trainer's progress on to them and stops them together.
 *
 * <p>Owns the set of workers; a worker that dies is reported, the others go on.
 */
public final class AugmentationPool extends AbstractBehavior<AugmentationPool.Command> {

    public sealed interface Command {}

    /** The trainer has consumed {@code views} views in total. */
    public record Consumed(long views) implements Command {}

    /** Stop every worker once its chunk in flight is written; replies when all have stopped. */
    public record Stop(ActorRef<Stopped> replyTo) implements Command {}

    public enum Stopped { INSTANCE }

    private record WorkerStopped(int workerId) implements Command {}

    private static final int WORKER_MAILBOX = 64;

    /** Spawns {@code workers} workers, each built from {@code setupFor.apply(workerId)}. */
    public static Behavior<Command> create(int workers, java.util.function.IntFunction<AugmentationWorker.Setup> setupFor) {
        return Behaviors.setup(context -> new AugmentationPool(context, workers, setupFor));
    }

    private final List<ActorRef<AugmentationWorker.Command>> workers = new ArrayList<>();
    private int running;
    private ActorRef<Stopped> stopRequester;

    private AugmentationPool(ActorContext<Command> context, int count,
                             java.util.function.IntFunction<AugmentationWorker.Setup> setupFor) {
        super(context);
        for (int id = 0; id < count; id++) {
            ActorRef<AugmentationWorker.Command> worker = context.spawn(
                    AugmentationWorker.create(setupFor.apply(id)), "augmentation-worker-" + id,
                    MailboxSelector.bounded(WORKER_MAILBOX));
            context.watchWith(worker, new WorkerStopped(id));
            workers.add(worker);
        }
        running = count;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Consumed.class, this::onConsumed)
                .onMessage(Stop.class, this::onStop)
                .onMessage(WorkerStopped.class, this::onWorkerStopped)
                .build();
    }

    private Behavior<Command> onConsumed(Consumed message) {
        AugmentationWorker.Consumed progress = new AugmentationWorker.Consumed(message.views());
        workers.forEach(worker -> worker.tell(progress));
        return this;
    }

    private Behavior<Command> onStop(Stop message) {
        stopRequester = message.replyTo();
        workers.forEach(worker -> worker.tell(AugmentationWorker.Stop.INSTANCE));
        return running == 0 ? replyStopped() : this;
    }

    private Behavior<Command> onWorkerStopped(WorkerStopped message) {
        running--;
        if (stopRequester == null) {
            getContext().getLog().error("Augmentation worker [{}] stopped unexpectedly; {} still running",
                    message.workerId(), running);
            return this;
        }
        return running == 0 ? replyStopped() : this;
    }

    private Behavior<Command> replyStopped() {
        stopRequester.tell(Stopped.INSTANCE);
        return Behaviors.stopped();
    }
}
