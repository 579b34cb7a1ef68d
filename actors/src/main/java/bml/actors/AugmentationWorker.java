package bml.actors;

import bml.data.ImageSet;
import bml.data.RandomLabels;
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
 * Renders the chunks of the view stream its pool grants it and appends them to the views queue.
 *
 * <p>Owns one appender. Rendering and appending run on the augmentation dispatcher; the actor asks the pool for the
 * next chunk only when the last one is written, which is how backpressure from the trainer reaches the writers.
 */
public final class AugmentationWorker extends AbstractBehavior<AugmentationWorker.Command> {

    public sealed interface Command {}

    /**
     * Render views {@code [first, first + count)} of the global stream with {@code settings}, stamping each with
     * {@code settingsVersion}.
     */
    public record Render(long first, int count, AugmentationSettings settings, int settingsVersion) implements Command {}

    /** Finish the chunk in flight, close the appender and stop. */
    public enum Stop implements Command { INSTANCE }

    private enum Retry implements Command { INSTANCE }

    private record ChunkWritten(int count) implements Command {}

    private record ChunkFailed(Throwable error) implements Command {}

    /**
     * Everything a worker needs; immutable and shared read-only with its siblings.
     *
     * @param beyond the training images after the first N, which pipeline iid shows instead of the samples
     */
    public record Setup(int workerId, ImageSet train, RandomLabels labels, long seed, ChronicleQueue views,
                        ActorRef<MetricsHub.Command> metrics, ImageSet beyond) {
        /** A worker with no images beyond the first N (every pipeline but iid). */
        public Setup(int workerId, ImageSet train, RandomLabels labels, long seed, ChronicleQueue views,
                     ActorRef<MetricsHub.Command> metrics) {
            this(workerId, train, labels, seed, views, metrics, train.from(train.size()));
        }
    }

    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    public static Behavior<Command> create(Setup setup, ActorRef<AugmentationPool.Command> pool) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new AugmentationWorker(context, timers, setup, pool)));
    }

    private final Setup setup;
    private final ActorRef<AugmentationPool.Command> pool;
    private final TimerScheduler<Command> timers;
    private final Executor executor;
    private final ExcerptAppender appender;
    private ViewProducer producer;
    private AugmentationSettings producerSettings;
    private Render inFlight;
    private boolean stopping;

    private AugmentationWorker(ActorContext<Command> context, TimerScheduler<Command> timers, Setup setup,
                               ActorRef<AugmentationPool.Command> pool) {
        super(context);
        this.setup = setup;
        this.pool = pool;
        this.timers = timers;
        this.executor = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("bml-dispatchers.augmentation"));
        this.appender = setup.views().createAppender();
        // Chronicle checks that an appender stays on one thread; the actor serialises every use of it instead.
        appender.singleThreadedCheckDisabled(true);
        pool.tell(new AugmentationPool.RequestChunk(setup.workerId()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Render.class, this::onRender)
                .onMessage(Retry.class, notUsed -> onRetry())
                .onMessage(ChunkWritten.class, this::onChunkWritten)
                .onMessage(ChunkFailed.class, this::onChunkFailed)
                .onMessage(Stop.class, notUsed -> onStop())
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onRender(Render message) {
        if (stopping) {
            return this;
        }
        inFlight = message;
        if (!message.settings().equals(producerSettings)) {
            // Labels drawn for another view count cannot label these views: fail now, before any is appended.
            setup.labels().requireViewsPerSample(message.settings().viewsPerSample());
            producerSettings = message.settings();
            producer = new ViewProducer(setup.train(), setup.labels(),
                    new ViewPlan(setup.train().size(), producerSettings.viewsPerSample(), setup.seed()),
                    new ViewRenderer(setup.train(), producerSettings, setup.seed(), setup.beyond()), appender);
        }
        ViewProducer current = producer;
        CompletableFuture<Void> work = CompletableFuture.runAsync(
                () -> current.produce(message.first(), message.count(), message.settingsVersion()), executor);
        getContext().pipeToSelf(work, (ok, error) -> error == null
                ? new ChunkWritten(message.count())
                : new ChunkFailed(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : error));
        return this;
    }

    private Behavior<Command> onChunkWritten(ChunkWritten message) {
        inFlight = null;
        setup.metrics().tell(new MetricsHub.ViewsProduced(setup.workerId(), message.count()));
        // Asked for even when stopping: it also tells the pool that the chunk is written.
        pool.tell(new AugmentationPool.RequestChunk(setup.workerId()));
        return stopping ? Behaviors.stopped() : this;
    }

    private Behavior<Command> onChunkFailed(ChunkFailed message) {
        if (stopping) {
            return Behaviors.stopped();
        }
        int appended = message.error() instanceof ViewProducer.PartialChunk partial ? partial.appended() : 0;
        Throwable cause = message.error() instanceof ViewProducer.PartialChunk ? message.error().getCause()
                : message.error();
        if (cause instanceof IllegalArgumentException) {
            // The settings cannot render these views (e.g. labels drawn for another view count): retrying would
            // fail the same way forever, so this worker fails and the guardian ends the run naming it.
            throw new IllegalStateException("augmentation worker " + setup.workerId() + " cannot render views from "
                    + (inFlight.first() + appended) + ": " + cause.getMessage(), cause);
        }
        if (appended > 0) {
            setup.metrics().tell(new MetricsHub.ViewsProduced(setup.workerId(), appended));
        }
        // A full disk or a transient I/O error must not end the run: report it and write the rest of the chunk again,
        // after the views already appended, so none is appended twice.
        getContext().getLog().error("Augmentation worker [{}] failed to write views from [{}]; retrying in {}",
                setup.workerId(), inFlight.first() + appended, RETRY_AFTER_FAILURE, cause);
        inFlight = new Render(inFlight.first() + appended, inFlight.count() - appended, inFlight.settings(),
                inFlight.settingsVersion());
        timers.startSingleTimer(Retry.INSTANCE, RETRY_AFTER_FAILURE);
        return this;
    }

    private Behavior<Command> onRetry() {
        Render chunk = inFlight;
        inFlight = null;
        return chunk == null ? this : onRender(chunk);
    }

    private Behavior<Command> onStop() {
        stopping = true;
        return inFlight == null ? Behaviors.stopped() : this;
    }

    private Behavior<Command> onPostStop() {
        appender.close();
        return this;
    }
}
