package bml.actors.queue;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;

/** What a views queue left by an earlier process of the run holds at its end. */
public final class ViewStreamEnd {
    /** Chunks from several workers interleave near the end; this many records back covers them all. */
    private static final int RECORDS_TO_SCAN = 65_536;

    private ViewStreamEnd() {}

    /**
     * The newest augmentation settings version among the last records of {@code views}; -1 for an empty queue. A
     * resumed run numbers its settings versions after it, so versions only grow over a run's life.
     */
    public static int newestSettingsVersion(ChronicleQueue views) {
        int newest = -1;
        try (ExcerptTailer tailer = views.createTailer()) {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            int[] version = new int[1];
            for (int i = 0; i < RECORDS_TO_SCAN; i++) {
                if (!tailer.readBytes(in -> version[0] = ViewCodec.readSettingsVersion(in))) {
                    break;
                }
                newest = Math.max(newest, version[0]);
            }
        }
        return newest;
    }
}
