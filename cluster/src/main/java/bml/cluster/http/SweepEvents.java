package bml.cluster.http;

import bml.cluster.SweepView;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Server-Sent Events of a sweep's run state changes: the current state of every run first, then an event whenever a
 * run's state, worker or attempt changes, and {@code event: over} when the report is written.
 *
 * <p>Why by comparing snapshots: the coordinator's view is the one source of truth, and a subscriber that falls
 * behind simply sees the latest state at its next look; nothing is queued for it.
 */
final class SweepEvents {
    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final ByteString HEARTBEAT = ByteString.fromString(": heartbeat\n\n");

    private SweepEvents() {}

    /** The stream of one subscriber; {@code views} asks the coordinator for its state. */
    static Source<ByteString, NotUsed> subscribe(Supplier<CompletionStage<SweepView>> views) {
        Map<String, String> seen = new HashMap<>();
        boolean[] over = {false};
        return Source.tick(Duration.ZERO, EVERY, NotUsed.getInstance())
                .mapAsync(1, tick -> views.get())
                .takeWhile(view -> !over[0])
                .map(view -> {
                    StringBuilder out = new StringBuilder();
                    for (SweepView.RunView run : view.runs()) {
                        String key = run.state() + "|" + run.worker() + "|" + run.attempt();
                        if (!Objects.equals(seen.put(run.id(), key), key)) {
                            frame(out, "run", SweepJson.run(run).toString());
                        }
                    }
                    if (view.over()) {
                        over[0] = true;
                        frame(out, "over", SweepJson.sweep(view).toString());
                    }
                    return out.length() == 0 ? HEARTBEAT : ByteString.fromString(out.toString());
                })
                .mapMaterializedValue(cancellable -> NotUsed.getInstance());
    }

    private static void frame(StringBuilder out, String type, String json) {
        out.append("event: ").append(type).append('\n');
        for (String line : List.of(json.split("\n"))) {
            out.append("data: ").append(line).append('\n');
        }
        out.append('\n');
    }
}
