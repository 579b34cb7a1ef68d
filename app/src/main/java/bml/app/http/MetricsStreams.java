package bml.app.http;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Builds one SSE byte stream per subscriber over the run's metrics queue.
 *
 * <p>Each stream owns its own {@link MetricsTail} inside a single stage, reads only when the client pulls (so a
 * slow client holds at most one batch and never slows the trainer or other clients), polls the queue every
 * {@link #POLL} while it is idle, and sends a heartbeat comment after {@link #HEARTBEAT} of silence.
 */
public final class MetricsStreams {
    static final Duration POLL = Duration.ofMillis(50);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Records read per pull: bounds both the bytes held per subscriber and the time one read takes. */
    private static final int BATCH_RECORDS = 256;

    private final ChronicleQueue queue;
    private final SharedKillSwitch shutdown;
    private final ClassicActorSystemProvider system;

    public MetricsStreams(ChronicleQueue queue, SharedKillSwitch shutdown, ClassicActorSystemProvider system) {
        this.queue = queue;
        this.shutdown = shutdown;
        this.system = system;
    }

    public Source<ByteString, NotUsed> subscribe(Optional<ResumePoint> resume, EventFilter filter) {
        return Source.<ByteString, MetricsTail>unfoldResourceAsync(
                        () -> CompletableFuture.completedFuture(MetricsTail.open(queue, resume, filter)),
                        this::next,
                        MetricsStreams::close)
                .filter(frames -> !frames.isEmpty())
                .keepAlive(HEARTBEAT, () -> SseFrames.HEARTBEAT)
                .via(shutdown.flow());
    }

    /** The next frames, or after {@link #POLL} an empty chunk (dropped downstream) so the stage polls again. */
    private CompletionStage<Optional<ByteString>> next(MetricsTail tail) {
        Optional<ByteString> frames = tail.poll(BATCH_RECORDS);
        if (frames.isPresent()) {
            return CompletableFuture.completedFuture(frames);
        }
        return Patterns.after(POLL, system,
                () -> CompletableFuture.completedFuture(Optional.of(ByteString.emptyByteString())));
    }

    private static CompletionStage<Done> close(MetricsTail tail) {
        tail.close();
        return CompletableFuture.completedFuture(Done.getInstance());
    }
}
