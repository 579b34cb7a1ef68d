package bml.app.serve;

import bml.actors.queue.Queues;
import bml.app.http.EventFilter;
import bml.app.http.MetricsStreams;
import bml.app.http.ResumePoint;
import bml.runfiles.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A run's metric records as Server-Sent Events, tailed from its metrics queue exactly as the run's own server
 * does ({@link MetricsStreams}): same event ids (queue indices), resume with {@code Last-Event-ID}, same filters.
 *
 * <p>Why tail the queue rather than proxy the run's server: it works for every run, whether it serves HTTP or not
 * (sweep runs, {@code http.enabled = false}), and the user still needs only this server's address. Each run's
 * queue is opened once, on its first subscriber, and closed with the server.
 */
final class RunEvents {
    private static final String ROLL_CYCLE = "queue.roll-cycle";

    private final ClassicActorSystemProvider system;
    private final SharedKillSwitch streams = KillSwitches.shared("bml-serve-events");
    private final Map<Path, ChronicleQueue> queues = new HashMap<>();
    private boolean closed;

    RunEvents(ClassicActorSystemProvider system) {
        this.system = system;
    }

    /**
     * The event stream of {@code run}; blocks while it opens the run's queue.
     *
     * @throws IllegalArgumentException when the run has no metrics queue, or its configuration no roll cycle
     */
    Source<ByteString, NotUsed> subscribe(RunCatalog.Run run, Optional<ResumePoint> resume, EventFilter filter) {
        return new MetricsStreams(queue(run), streams, system).subscribe(resume, filter);
    }

    private synchronized ChronicleQueue queue(RunCatalog.Run run) {
        if (closed) {
            throw new IllegalStateException("the server is shutting down");
        }
        RunDirectory directory = new RunDirectory(run.directory().toAbsolutePath().normalize());
        ChronicleQueue queue = queues.get(directory.root());
        if (queue == null) {
            if (!Files.isDirectory(directory.metricsQueue())) {
                throw new IllegalArgumentException("run " + run.id() + " has no metrics queue ("
                        + directory.metricsQueue() + "), so it has no live events");
            }
            String rollCycle = RunReader.settings(directory.root()).get(ROLL_CYCLE);
            if (rollCycle == null) {
                throw new IllegalArgumentException(directory.config() + " has no " + ROLL_CYCLE
                        + ", needed to read the run's metrics queue");
            }
            queue = Queues.open(directory.metricsQueue(),
                    bml.config.ConfigEnum.parse(bml.config.RollCycleName.class, ROLL_CYCLE, rollCycle));
            queues.put(directory.root(), queue);
        }
        return queue;
    }

    /** Ends every stream; call {@link #closeQueues()} once the server no longer reads from them. */
    void endStreams() {
        streams.shutdown();
    }

    synchronized void closeQueues() {
        closed = true;
        queues.values().forEach(ChronicleQueue::close);
        queues.clear();
    }
}
