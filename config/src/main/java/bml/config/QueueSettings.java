package bml.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The view queue between writers and trainer ({@code bml.queue}).
 *
 * <p>Why: bounding the writers' lead keeps disk and memory bounded; the roll cycle is checked here as a
 * plain name so that this library needs no Chronicle dependency.
 *
 * @param maxLag         views the writers may run ahead of the trainer, >= 1
 * @param rollCycle      a Chronicle Queue roll-cycle name, one of {@link #ROLL_CYCLES}
 * @param retention      delete view-queue cycles that the trainer has consumed and the last checkpoint no longer needs
 * @param minFreeDiskMb  writers pause while the disk holding the run has less free space than this, >= 0
 */
public record QueueSettings(long maxLag, String rollCycle, boolean retention, long minFreeDiskMb) {

    /** Allowed values of {@code rollCycle}: names of Chronicle Queue roll cycles. */
    public static final List<String> ROLL_CYCLES = List.of("FIVE_MINUTELY", "TEN_MINUTELY", "TWENTY_MINUTELY",
            "HALF_HOURLY", "FAST_HOURLY", "TWO_HOURLY", "FOUR_HOURLY", "SIX_HOURLY", "FAST_DAILY", "TEST_SECONDLY");

    public QueueSettings {
        Objects.requireNonNull(rollCycle, "rollCycle");
    }

    static QueueSettings read(SettingsReader r) {
        return new QueueSettings(
                r.wholeNumber("max-lag", 1, Long.MAX_VALUE),
                r.oneOf("roll-cycle", ROLL_CYCLES),
                r.flag("retention"),
                r.wholeNumber("min-free-disk-mb", 0, Long.MAX_VALUE));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max-lag", maxLag);
        m.put("roll-cycle", rollCycle);
        m.put("retention", retention);
        m.put("min-free-disk-mb", minFreeDiskMb);
        return m;
    }
}
