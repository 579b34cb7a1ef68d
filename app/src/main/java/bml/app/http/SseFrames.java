package bml.app.http;

import org.apache.pekko.util.ByteString;

/** Encodes Server-Sent Events (WHATWG HTML, "Server-sent events"): one frame per metric record, plus heartbeats. */
final class SseFrames {
    /** A comment line: ignored by clients, but it keeps proxies and idle timeouts from closing the stream. */
    static final ByteString HEARTBEAT = ByteString.fromString(": heartbeat\n\n");

    private SseFrames() {}

    /** Appends one event; {@code type} null leaves the event unnamed (clients see it as "message"). */
    static void append(StringBuilder out, long id, String type, CharSequence data) {
        out.append("id: ").append(id).append('\n');
        if (type != null && !type.isEmpty()) {
            out.append("event: ").append(oneLine(type)).append('\n');
        }
        int start = 0;
        for (int i = 0; i <= data.length(); i++) {
            if (i == data.length() || data.charAt(i) == '\n') {
                int end = i > start && data.charAt(i - 1) == '\r' ? i - 1 : i;
                out.append("data: ").append(data, start, end).append('\n');
                start = i + 1;
            }
        }
        out.append('\n');
    }

    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }
}
