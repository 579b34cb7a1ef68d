package bml.actors.queue;


import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * Fills the trainer's reusable {@link ViewBatch} from its tailer on the views queue.
 *
 * <p><b>Not thread-safe.</b> Owned by the {@code Trainer}; used only inside its step futures, one at a time.
 */
public final class BatchReader implements AutoCloseable {
    private static final long IDLE_PARK_NANOS = 100_000;

    private final ExcerptTailer tailer;
    private final ViewBatch batch;
    private long viewsRead;
    private long waitNanos;
    private long cutLastRead = -1;
    private long cutViewsRead;

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
            int slot = batch.size();
            if (tailer.readBytes(in -> ViewCodec.readInto(in, batch, slot))) {
                batch.grow();
                viewsRead++;
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

    /**
     * Records the cut a checkpoint stores: everything up to the last view of the last full batch. Called after each
     * step, when the batch is empty.
     */
    public void markCut() {
        cutLastRead = viewsRead == 0 ? -1 : tailer.lastReadIndex();
        cutViewsRead = viewsRead;
    }

    /** Queue index of the last view before the cut, or -1 when none was read. */
    public long cutLastRead() {
        return cutLastRead;
    }

    /** Views read before the cut. */
    public long cutViewsRead() {
        return cutViewsRead;
    }

    /**
     * Positions the tailer just after {@code lastRead} (a cut a checkpoint recorded), so the views after it are read
     * again rather than replaced by new ones.
     */
    public void resumeAt(long lastRead, long viewsRead) {
        batch.clear();
        if (lastRead < 0) {
            tailer.toStart();
        } else if (!tailer.moveToIndex(lastRead) || !tailer.readBytes(in -> in.readPosition(in.readLimit()))) {
            throw new IllegalStateException("the views queue has no index " + Long.toHexString(lastRead)
                    + ", which the checkpoint recorded as the last view it trained on");
        }
        this.viewsRead = viewsRead;
        markCut();
    }

    public ViewBatch batch() {
        return batch;
    }

    /** Views taken off the queue so far. */
    public long viewsRead() {
        return viewsRead;
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
