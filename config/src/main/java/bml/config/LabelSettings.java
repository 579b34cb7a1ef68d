package bml.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How training labels are randomised ({@code bml.labels}).
 *
 * <p>Why: the paper's central knob is the fraction of random labels, fixed per sample and shared by all its
 * views; per-view labels are its control experiment.
 *
 * @param noise   fraction of samples given a uniformly random class, in [0, 1]
 * @param perView true = an independent random label per (sample, view); needs a fixed number of views
 */
public record LabelSettings(double noise, boolean perView) {

    static LabelSettings read(SettingsReader r) {
        return new LabelSettings(
                r.number("noise", Interval.closed(0, 1)),
                r.flag("per-view"));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("noise", noise);
        m.put("per-view", perView);
        return m;
    }
}
