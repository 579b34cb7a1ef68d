package bml.actors.queue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * Fills the trainer's reusable {@link ViewBatch} from its tailer on the views queue, in stream order.
 *
 * <p>Why stream order and not queue order: several augmentation workers append their chunks as they finish them, so
 * the queue's order depends on thread timing. Training on views by their stream position makes the batches a
 * function of the seed alone, whatever the worker count, and makes the views trained on so far always the prefix
 * {@code [0, viewsRead)} of the stream: a checkpoint's cut is then one number, and a resumed or forked run continues
 * by rendering the stream again from it. A view that arrives before its turn is held in memory; the augmentation pool
 * never renders more than {@code queue.max-lag} views ahead of the trainer, which bounds what is held. A view whose
 * position was already trained on or is already held (a re-rendered chunk) is skipped, and so is a view an earlier
 * process of the run left behind (its settings version is older than this process's first).
 *
 * <p><b>Not thread-safe.</b> Owned by the {@code Trainer}; used only inside its step futures, one at a time.
 */
public final class BatchReader implements AutoCloseable {
    private static final long IDLE_PARK_NANOS = 100_000;

    private final ExcerptTailer tailer;
    private final ViewBatch batch;
    private final Map<Long, ViewCodec.HeldView> held = new HashMap<>();
    private long viewsRead;
    private long waitNanos;
    private long cutLastRead = -1;
    private long cutViewsRead;
    private boolean readAny;
    private int minSettingsVersion = Integer.MIN_VALUE;
    // Set by the record reader when the view it read took its turn; a field, so reading a view allocates nothing.
    private boolean placedNow;

    public BatchReader(ExcerptTailer tailer, ViewBatch batch) {
        this.tailer = tailer;
        this.batch = batch;
    }

    /**
     * Reads views until the batch is full or {@code maxWaitNanos} passed without it filling.
     *
     * @return true when the batch is full; a partial batch is kept and completed by the next call
     */
    public boolean fill(long maxWaitNanos) {
        long waitStart = 0;
        while (!batch.full()) {
            if (takeHeld() || readOne()) {
                continue;
            }
            long now = System.nanoTime();
            if (waitStart == 0) {
                waitStart = now;
            } else if (now - waitStart > maxWaitNanos) {
                waitNanos += now - waitStart;
                return false;
            }
            LockSupport.parkNanos(IDLE_PARK_NANOS);
        }
        if (waitStart != 0) {
            waitNanos += System.nanoTime() - waitStart;
        }
        return true;
    }

    /** Places the held view whose turn it is, if there is one. */
    private boolean takeHeld() {
        ViewCodec.HeldView view = held.remove(viewsRead);
        if (view == null) {
            return false;
        }
        view.copyInto(batch, batch.size());
        placed();
        return true;
    }

    /** Reads one record: places it when its turn has come, holds it when early, skips it when stale. */
    private boolean readOne() {
        placedNow = false;
        boolean read = tailer.readBytes(in -> {
            long sequence = ViewCodec.readSequence(in);
            int version = ViewCodec.readVersionAfterSequence(in);
            if (version < minSettingsVersion) {
                return;
            }
            if (sequence == viewsRead) {
                ViewCodec.readRestInto(in, sequence, version, batch, batch.size());
                placedNow = true;
            } else if (sequence > viewsRead && !held.containsKey(sequence)) {
                held.put(sequence, ViewCodec.readRest(in, sequence, version, batch.imageBytes()));
            }
        });
        if (read) {
            readAny = true;
        }
        if (placedNow) {
            placed();
        }
        return read;
    }

    private void placed() {
        batch.grow();
        viewsRead++;
    }

    /**
     * Records the cut a checkpoint stores: the views trained on, {@code [0, viewsRead)} of the stream, and the queue
     * index read up to (views before it may be deleted). Called after each step, when the batch is empty.
     */
    public void markCut() {
        cutLastRead = readAny ? tailer.lastReadIndex() : -1;
        cutViewsRead = viewsRead;
    }

    /** Queue index of the last record read before the cut, or -1 when none was read. */
    public long cutLastRead() {
        return cutLastRead;
    }

    /** Views trained on before the cut: the next view's stream position. */
    public long cutViewsRead() {
        return cutViewsRead;
    }

    /**
     * Continues a stream of which {@code viewsRead} views were trained on (a checkpoint's cut): reads on from queue
     * index {@code lastRead} (the start when it is -1 or no longer in the queue) and takes only views of settings
     * version {@code minSettingsVersion} or later, the ones this process's pool renders again from the cut; views an
     * earlier process left behind may have been rendered under settings patched after the checkpoint.
     */
    public void resumeAt(long lastRead, long viewsRead, int minSettingsVersion) {
        batch.clear();
        held.clear();
        if (lastRead < 0 || !tailer.moveToIndex(lastRead)) {
            tailer.toStart();
        }
        this.viewsRead = viewsRead;
        this.minSettingsVersion = minSettingsVersion;
        readAny = false;
        markCut();
    }

    public ViewBatch batch() {
        return batch;
    }

    /** Views taken into batches so far: the stream position of the next one. */
    public long viewsRead() {
        return viewsRead;
    }

    /** Views read ahead of their turn and held in memory. */
    public int held() {
        return held.size();
    }

    /** Total time spent waiting for views to arrive. */
    public long waitNanos() {
        return waitNanos;
    }

    @Override
    public void close() {
        tailer.close();
    }
}
