package bml.actors.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes view-queue cycle files that no one needs any more: every cycle before the one holding the last view of the
 * last checkpoint. The trainer has consumed them, and a resume starts after that view, so they are never read again.
 *
 * <p>Owns no appender or tailer; it only removes whole files of past cycles, which Chronicle no longer maps once its
 * readers and writer have moved on. Runs on the I/O dispatcher.
 */
public final class ViewRetention {

    /** A checkpoint now covers every view up to queue index {@code lastRead}. */
    public record RetainFrom(long lastRead) {}

    private static final Logger LOG = LoggerFactory.getLogger(ViewRetention.class);
    private static final String SUFFIX = ".cq4";

    private ViewRetention() {}

    public static Behavior<RetainFrom> create(SingleChronicleQueue views) {
        // A failed deletion is retried with the next checkpoint: resume rather than stop on any error.
        return Behaviors.supervise(Behaviors.receive(RetainFrom.class)
                .onMessage(RetainFrom.class, message -> {
                    deleteBefore(views, message.lastRead());
                    return Behaviors.same();
                })
                .build()).onFailure(RuntimeException.class, org.apache.pekko.actor.typed.SupervisorStrategy.resume());
    }

    /** Deletes the cycle files before the cycle of {@code lastRead}; returns how many it deleted. */
    public static int deleteBefore(SingleChronicleQueue views, long lastRead) {
        if (lastRead < 0) {
            return 0;
        }
        RollCycle rollCycle = views.rollCycle();
        int keepFrom = rollCycle.toCycle(lastRead);
        int first = views.firstCycle();
        if (first == Integer.MAX_VALUE || keepFrom <= first) {
            return 0;
        }
        DateTimeFormatter names = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        int deleted = 0;
        // Both bounds must be cycles that have files, or Chronicle throws ("'file not found' for the upperCycle"):
        // keepFrom holds lastRead, while the cycle just before it has no file after any pause in writing.
        for (long cycle : views.listCyclesBetween(first, keepFrom).headSet((long) keepFrom)) {
            Path file = views.file().toPath().resolve(
                    names.format(Instant.ofEpochMilli(cycle * rollCycle.lengthInMillis() + rollCycle.defaultEpoch()))
                            + SUFFIX);
            try {
                if (Files.deleteIfExists(file)) {
                    deleted++;
                }
            } catch (IOException e) {
                LOG.warn("Could not delete consumed view cycle {}", file, e);
            }
        }
        if (deleted > 0) {
            views.refreshDirectoryListing();
            LOG.debug("Deleted {} consumed view cycle files before cycle {}", deleted, keepFrom);
        }
        return deleted;
    }
}
