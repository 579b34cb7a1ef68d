package bml.app.http;

import java.util.Optional;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.apache.pekko.util.ByteString;

/**
 * One SSE subscriber's position in the metrics queue: its own tailer, its filter, and the frames it reads next.
 *
 * <p><b>Not thread-safe.</b> Each instance belongs to exactly one stream stage, which calls it one call at a time.
 */
final class MetricsTail implements AutoCloseable {
    private final ExcerptTailer tailer;
    private final EventFilter filter;
    private final long after;
    private final StringBuilder text = new StringBuilder();

    private MetricsTail(ExcerptTailer tailer, EventFilter filter, long after) {
        this.tailer = tailer;
        this.filter = filter;
        this.after = after;
    }

    /** Opens a tailer positioned at the resume point, or at the start of the queue when there is none. */
    static MetricsTail open(ChronicleQueue queue, Optional<ResumePoint> resume, EventFilter filter) {
        ExcerptTailer tailer = queue.createTailer();
        // The owning stream stage may run successive calls on different threads, but never two at once.
        tailer.singleThreadedCheckDisabled(true);
        long after = resume.map(ResumePoint::after).orElse(-1L);
        position(queue, tailer, after);
        return new MetricsTail(tailer, filter, after);
    }

    /**
     * Puts the tailer at or before the first record with index {@code > after}; {@link #poll} drops anything
     * earlier, so a position that is too early only costs a scan, never a duplicate. Queue indices are not
     * contiguous across roll cycles, hence the tries: the next index, the resume index itself, then the ends.
     */
    private static void position(ChronicleQueue queue, ExcerptTailer tailer, long after) {
        if (after < 0) {
            tailer.toStart();
        } else if (!tailer.moveToIndex(after + 1) && !tailer.moveToIndex(after)) {
            long last = queue.lastIndex();
            if (last >= 0 && after >= last) {
                tailer.toEnd();
            } else {
                tailer.toStart();
            }
        }
    }

    /**
     * Reads at most {@code maxRecords} records and returns the SSE frames of those the filter accepts (possibly
     * none), or empty when the queue had nothing new.
     */
    Optional<ByteString> poll(int maxRecords) {
        StringBuilder frames = new StringBuilder();
        int read = 0;
        while (read < maxRecords) {
            text.setLength(0);
            if (!tailer.readText(text)) {
                break;
            }
            read++;
            long index = tailer.lastReadIndex();
            if (index <= after) {
                continue;
            }
            RecordFields fields = RecordFields.read(text.toString(), filter.needsLayer());
            if (filter.accepts(fields.type(), fields.layer())) {
                SseFrames.append(frames, index, fields.type(), text);
            }
        }
        if (read == 0) {
            return Optional.empty();
        }
        return Optional.of(frames.length() == 0
                ? ByteString.emptyByteString()
                : ByteString.fromString(frames.toString()));
    }

    @Override
    public void close() {
        tailer.close();
    }
}
