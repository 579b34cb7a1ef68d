package bml.actors;

import bml.augmentation.ImageSet;
import bml.augmentation.RandomLabels;
import bml.augmentation.ViewPlan;
import bml.augmentation.ViewRenderer;
import bml.config.AugmentationSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Produces its share of the augmented view stream into the views queue, staying at most {@code maxLag} views ahead
 * of the trainer.
 *
 * <p>Owns one appender. Rendering and appending run on the augmentation dispatcher; the actor only decides when
 * the next chunk may start, which is how backpressure from the trainer reaches the writers.
 */
public final class AugmentationWorker extends AbstractBehavior<AugmentationWorker.Command> {

    public sealed interface Command {}

    /** The trainer has consumed {@code views} views in total. */
    public record Consumed(long views) implements Command {}

    /** Finish the chunk in flight, close the appender and stop. */
    public enum Stop implements Command { INSTANCE }

    private enum Produce implements Command { INSTANCE }

    private record ChunkWritten(long first, int count, long nanos) implements Command {}

    private record ChunkFailed(long first, Throwable error) implements Command {}

    /** Everything a worker needs, immutable and shared read-only with its siblings. */
    public record Setup(int workerId, int workers, ImageSet train, RandomLabels labels, AugmentationSettings settings,
                        long seed, long maxLag, ChronicleQueue views, ActorRef<MetricsHub.Command> metrics) {}

    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new AugmentationWorker(context, timers, setup)));
    }

    private final Setup setup;
    private final TimerScheduler<Command> timers;
    private final Executor executor;
    private final ViewProducer producer;
    private final int chunkViews;
    private long nextChunk;
    private long consumed;
    private boolean busy;
    private boolean stopping;

    private AugmentationWorker(ActorContext<Command> context, TimerScheduler<Command> timers, Setup setup) {
        super(context);
        this.setup = setup;
        this.timers = timers;
        this.executor = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("bml-dispatchers.augmentation"));
        ExcerptAppender appender = setup.views().createAppender();
        // Chronicle checks that an appender stays on one thread; the actor serialises every use of it instead.
        appender.singleThreadedCheckDisabled(true);
        ViewPlan plan = new ViewPlan(setup.train().size(), setup.settings().viewsPerSample(), setup.seed());
        ViewRenderer renderer = new ViewRenderer(setup.train(), setup.settings(), setup.seed());
        this.producer = new ViewProducer(setup.train(), setup.labels(), plan, renderer, appender);
        this.chunkViews = setup.settings().batchViews();
        this.nextChunk = setup.workerId();
        context.getSelf().tell(Produce.INSTANCE);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Consumed.class, this::onConsumed)
                .onMessage(Produce.class, notUsed -> onProduce())
                .onMessage(Stop.class, notUsed -> onStop())
                .onMessage(ChunkWritten.class, this::onChunkWritten)
                .onMessage(ChunkFailed.class, this::onChunkFailed)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onConsumed(Consumed message) {
        consumed = Math.max(consumed, message.views());
        return onProduce();
    }

    private Behavior<Command> onStop() {
        stopping = true;
        return busy ? this : Behaviors.stopped();
    }

    private Behavior<Command> onProduce() {
        if (stopping) {
            return busy ? this : Behaviors.stopped();
        }
        long first = nextChunk * chunkViews;
        if (busy || first + chunkViews > consumed + setup.maxLag()) {
            return this;
        }
        busy = true;
        long start = System.nanoTime();
        CompletableFuture<Void> work = CompletableFuture.runAsync(() -> producer.produce(first, chunkViews), executor);
        getContext().pipeToSelf(work, (ok, error) -> error == null
                ? new ChunkWritten(first, chunkViews, System.nanoTime() - start)
                : new ChunkFailed(first, error));
        return this;
    }

    private Behavior<Command> onChunkWritten(ChunkWritten message) {
        busy = false;
        nextChunk += setup.workers();
        if (stopping) {
            return Behaviors.stopped();
        }
        setup.metrics().tell(new MetricsHub.ViewsProduced(setup.workerId(), message.count(), message.nanos()));
        return onProduce();
    }

    private Behavior<Command> onChunkFailed(ChunkFailed message) {
        // A full disk or a transient I/O error must not end the run: report it and try the same chunk again.
        busy = false;
        if (stopping) {
            return Behaviors.stopped();
        }
        getContext().getLog().error("Augmentation worker [{}] failed to write views from [{}]; retrying in {}",
                setup.workerId(), message.first(), RETRY_AFTER_FAILURE, message.error());
        timers.startSingleTimer(Produce.INSTANCE, RETRY_AFTER_FAILURE);
        return this;
    }

    private Behavior<Command> onPostStop() {
        producer.close();
        return this;
    }
}
