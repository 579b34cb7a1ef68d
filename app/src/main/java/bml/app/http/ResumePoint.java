package bml.app.http;

import java.util.Optional;

/**
 * Where an SSE subscriber starts in the metrics queue: {@code Last-Event-ID: X} means "after index X",
 * {@code ?from=N} means "at index N, inclusive".
 *
 * @param after the subscriber receives only records whose queue index is greater than this
 */
public record ResumePoint(long after) {

    /**
     * The resume point of a request, or empty to start at the beginning of the queue. The header wins over the
     * query: a browser's EventSource reconnects with the same URL and adds {@code Last-Event-ID}.
     *
     * @throws IllegalArgumentException naming the header or parameter when it is not a non-negative decimal long
     */
    public static Optional<ResumePoint> of(Optional<String> from, Optional<String> lastEventId) {
        if (lastEventId.isPresent() && !lastEventId.get().isBlank()) {
            return Optional.of(new ResumePoint(index("Last-Event-ID", lastEventId.get())));
        }
        if (from.isPresent()) {
            return Optional.of(new ResumePoint(index("from", from.get()) - 1));
        }
        return Optional.empty();
    }

    private static long index(String what, String text) {
        try {
            long index = Long.parseLong(text.trim());
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below with the offending value
        }
        throw new IllegalArgumentException(what + " must be a metrics queue index (a non-negative decimal long, "
                + "the id of an event), got '" + text + "'");
    }
}
