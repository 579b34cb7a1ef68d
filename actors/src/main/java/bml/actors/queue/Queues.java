package bml.actors.queue;

import java.nio.file.Path;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/** Opens the run's Chronicle queues; the caller owns the returned queue and must close it. */
public final class Queues {
    private Queues() {}

    public static ChronicleQueue open(Path dir, String rollCycle) {
        return SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(rollCycle(rollCycle)).build();
    }

    static RollCycle rollCycle(String name) {
        for (RollCycle cycle : RollCycles.all()) {
            if (cycle.toString().equals(name)) {
                return cycle;
            }
        }
        for (RollCycle cycle : TestRollCycles.values()) {
            if (cycle.toString().equals(name)) {
                return cycle;
            }
        }
        throw new IllegalArgumentException("unknown Chronicle roll cycle '" + name + "'");
    }
}
