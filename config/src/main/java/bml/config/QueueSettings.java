package bml.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The view queue between writers and trainer ({@code bml.queue}).
 *
 * <p>Why: bounding the writers' lead keeps disk and memory bounded; the roll cycle is checked here as a
 * plain name so that this library needs no Chronicle dependency.
 *
 * @param maxLag         views the writers may run ahead of the trainer, >= 1
 * @param rollCycle      a Chronicle Queue roll cycle, by name
 * @param retention      delete view-queue cycles that the trainer has consumed and the last checkpoint no longer needs
 * @param minFreeDiskMb  writers pause while the disk holding the run has less free space than this, >= 0
 */
public record QueueSettings(long maxLag, RollCycleName rollCycle, boolean retention, long minFreeDiskMb) {

    public QueueSettings {
        Objects.requireNonNull(rollCycle, "rollCycle");
    }

    static QueueSettings read(SettingsReader r) {
        return new QueueSettings(
                r.wholeNumber("max-lag", 1, Long.MAX_VALUE),
                r.oneOf("roll-cycle", RollCycleName.class),
                r.flag("retention"),
                r.wholeNumber("min-free-disk-mb", 0, Long.MAX_VALUE));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max-lag", maxLag);
        m.put("roll-cycle", rollCycle.configName());
        m.put("retention", retention);
        m.put("min-free-disk-mb", minFreeDiskMb);
        return m;
    }
}
