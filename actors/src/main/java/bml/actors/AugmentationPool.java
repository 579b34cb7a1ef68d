package bml.actors;

import bml.actors.queue.DiskGuard;

import bml.config.AugmentationSettings;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs the augmentation workers and hands out the view stream to them chunk by chunk, never more than
 * {@code maxLag} views ahead of what the trainer has consumed.
 *
 * <p>Owns the position of the stream and the current augmentation settings with their version: the version starts at
 * the run's first and grows by one with every settings update, and every chunk carries the version it is rendered
 * with, so the trainer can tell when it first trains on views of new settings. Handing out chunks centrally keeps
 * the global view numbering (and so every view's content) independent of the number of workers, which can change
 * while the experiment runs.
 */
public final class AugmentationPool extends AbstractBehavior<AugmentationPool.Command> {

    public sealed interface Command {}

    /** The trainer has consumed {@code views} views in total. */
    public record Consumed(long views) implements Command {}

    /**
     * New augmentation settings: applied from the next chunk on, under the next settings version; the worker count is
     * adjusted at once.
     */
    public record UpdateSettings(AugmentationSettings settings) implements Command {}

    /** Stop every worker once its chunk in flight is written; replies when all have stopped. */
    public record Stop(ActorRef<Stopped> replyTo) implements Command {}

    public enum Stopped { INSTANCE }

    /** A worker is free for its next chunk. */
    record RequestChunk(int workerId) implements Command {}

    private record WorkerStopped(int workerId) implements Command {}

    private enum CheckDisk implements Command { INSTANCE }

    private static final java.time.Duration DISK_RECHECK = java.time.Duration.ofSeconds(1);

    /** Builds worker {@code id}'s behaviour, given the pool to ask for chunks. */
    public interface WorkerFactory extends BiFunction<Integer, ActorRef<Command>, Behavior<AugmentationWorker.Command>> {}

    private static final int WORKER_MAILBOX = 16;

    /**
     * A pool whose stream starts at global view {@code firstView} and settings version {@code firstSettingsVersion}
     * (both 0 for a new run, later for a resumed one).
     */
    public static Behavior<Command> create(AugmentationSettings settings, long maxLag, long firstView,
                                           int firstSettingsVersion, DiskGuard disk, WorkerFactory workers) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new AugmentationPool(context, timers, settings,
                maxLag, firstView, firstSettingsVersion, disk, workers)));
    }

    private final long maxLag;
    private final TimerScheduler<Command> timers;
    private final DiskGuard disk;
    private boolean diskFull;
    private final WorkerFactory factory;
    private final Map<Integer, ActorRef<AugmentationWorker.Command>> workers = new LinkedHashMap<>();
    private final Deque<Integer> waiting = new ArrayDeque<>();
    // The chunk each worker was last given, until it asks for the next: the trainer takes views in stream order
    // (BatchReader), so a chunk a stopped worker never wrote would stall training; it is given to another worker.
    private final Map<Integer, AugmentationWorker.Render> outstanding = new java.util.HashMap<>();
    private final Deque<AugmentationWorker.Render> unwritten = new ArrayDeque<>();
    private AugmentationSettings settings;
    private int settingsVersion;
    private int nextWorkerId;
    private long nextView;
    private long consumed;
    private ActorRef<Stopped> stopRequester;

    private AugmentationPool(ActorContext<Command> context, TimerScheduler<Command> timers,
                             AugmentationSettings settings, long maxLag, long firstView, int firstSettingsVersion,
                             DiskGuard disk, WorkerFactory factory) {
        super(context);
        this.timers = timers;
        this.disk = disk;
        this.settings = settings;
        this.settingsVersion = firstSettingsVersion;
        this.nextView = firstView;
        this.maxLag = maxLag;
        this.factory = factory;
        resize(settings.workers());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Consumed.class, this::onConsumed)
                .onMessage(RequestChunk.class, this::onRequestChunk)
                .onMessage(UpdateSettings.class, this::onUpdateSettings)
                .onMessage(Stop.class, this::onStop)
                .onMessage(WorkerStopped.class, this::onWorkerStopped)
                .onMessage(CheckDisk.class, notUsed -> onCheckDisk())
                .build();
    }

    private Behavior<Command> onConsumed(Consumed message) {
        consumed = Math.max(consumed, message.views());
        grant();
        return this;
    }

    private Behavior<Command> onRequestChunk(RequestChunk message) {
        outstanding.remove(message.workerId());
        if (workers.containsKey(message.workerId()) && stopRequester == null) {
            waiting.add(message.workerId());
            grant();
        }
        return this;
    }

    private Behavior<Command> onUpdateSettings(UpdateSettings message) {
        settings = message.settings();
        settingsVersion++;
        if (stopRequester == null) {
            resize(settings.workers());
        }
        return this;
    }

    private Behavior<Command> onStop(Stop message) {
        stopRequester = message.replyTo();
        waiting.clear();
        workers.values().forEach(worker -> worker.tell(AugmentationWorker.Stop.INSTANCE));
        return workers.isEmpty() ? replyStopped() : this;
    }

    private Behavior<Command> onWorkerStopped(WorkerStopped message) {
        boolean expected = !workers.containsKey(message.workerId());
        workers.remove(message.workerId());
        waiting.remove(message.workerId());
        AugmentationWorker.Render unfinished = outstanding.remove(message.workerId());
        if (stopRequester != null) {
            return workers.isEmpty() ? replyStopped() : this;
        }
        if (unfinished != null) {
            // Views it did append are appended again: the trainer skips a stream position it already has.
            getContext().getLog().info("Augmentation worker [{}] stopped before writing views [{}, {}); another "
                    + "worker renders them", message.workerId(), unfinished.first(), unfinished.first()
                    + unfinished.count());
            unwritten.add(unfinished);
        }
        if (!expected) {
            getContext().getLog().error("Augmentation worker [{}] stopped unexpectedly; starting a replacement",
                    message.workerId());
            resize(settings.workers());
        }
        grant();
        return this;
    }

    private Behavior<Command> onCheckDisk() {
        grant();
        return this;
    }

    /**
     * Grants chunks to waiting workers while the stream stays within {@code maxLag} views of the trainer and the
     * disk has room; a full disk pauses the writers (training goes on with the views queued) until space is back.
     */
    private void grant() {
        int chunk = settings.batchViews();
        // The trainer reports every step; most reports free no chunk, so they end here without asking the disk.
        if (waiting.isEmpty() || unwritten.isEmpty() && nextView + chunk > consumed + maxLag) {
            return;
        }
        if (!disk.hasRoom()) {
            if (!diskFull) {
                getContext().getLog().warn("Augmentation paused: {}", disk.describe());
                diskFull = true;
            }
            timers.startSingleTimer(CheckDisk.INSTANCE, DISK_RECHECK);
            return;
        }
        if (diskFull) {
            getContext().getLog().info("Augmentation resumed: the disk has room again");
            diskFull = false;
        }
        while (!waiting.isEmpty()) {
            AugmentationWorker.Render render;
            if (!unwritten.isEmpty()) {
                render = unwritten.poll();
            } else if (nextView + chunk <= consumed + maxLag) {
                render = new AugmentationWorker.Render(nextView, chunk, settings, settingsVersion);
                nextView += chunk;
            } else {
                break;
            }
            int id = waiting.poll();
            outstanding.put(id, render);
            workers.get(id).tell(render);
        }
    }

    private void resize(int target) {
        while (workers.size() < target) {
            int id = nextWorkerId++;
            ActorRef<AugmentationWorker.Command> worker = getContext().spawn(factory.apply(id, getContext().getSelf()),
                    "augmentation-worker-" + id, MailboxSelector.bounded(WORKER_MAILBOX));
            getContext().watchWith(worker, new WorkerStopped(id));
            workers.put(id, worker);
        }
        while (workers.size() > target) {
            int id = workers.keySet().iterator().next();
            ActorRef<AugmentationWorker.Command> worker = workers.remove(id);
            waiting.remove(id);
            worker.tell(AugmentationWorker.Stop.INSTANCE);
        }
    }

    private Behavior<Command> replyStopped() {
        stopRequester.tell(Stopped.INSTANCE);
        return Behaviors.stopped();
    }
}
