package bml.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a run writes and how often it reports ({@code bml.run}).
 *
 * <p>Why: the run directory holds everything needed to audit or resume a run, so its location is a setting.
 *
 * @param dir             run directory; "" = runs/&lt;timestamp&gt;
 * @param progressSeconds seconds between console progress lines, > 0
 */
public record RunSettings(String dir, double progressSeconds) {

    public RunSettings {
        Objects.requireNonNull(dir, "dir");
    }

    static RunSettings read(SettingsReader r) {
        return new RunSettings(
                r.text("dir"),
                r.number("progress-seconds", Interval.above(0)));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dir", dir);
        m.put("progress-seconds", progressSeconds);
        return m;
    }
}
