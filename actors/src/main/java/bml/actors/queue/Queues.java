package bml.actors.queue;

import bml.config.RollCycleName;
import java.nio.file.Path;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/** Opens the run's Chronicle queues; the caller owns the returned queue and must close it. */
public final class Queues {
    private Queues() {}

    public static ChronicleQueue open(Path dir, RollCycleName rollCycle) {
        return SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(rollCycle(rollCycle)).build();
    }

    /** Chronicle's roll cycle of the same name. */
    static RollCycle rollCycle(RollCycleName name) {
        for (RollCycle cycle : RollCycles.all()) {
            if (cycle.toString().equals(name.configName())) {
                return cycle;
            }
        }
        for (RollCycle cycle : TestRollCycles.values()) {
            if (cycle.toString().equals(name.configName())) {
                return cycle;
            }
        }
        throw new IllegalArgumentException("Chronicle has no roll cycle named '" + name.configName() + "'");
    }
}
