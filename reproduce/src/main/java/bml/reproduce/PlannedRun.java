package bml.reproduce;

import bml.config.BmlSettings;
import java.util.List;
import java.util.Map;

/**
 * One distinct run of the sweep and every condition it stands for.
 *
 * @param id       the first condition's id; also the run directory's name under {@code DIR/runs/}
 * @param varying  the settings that differ from the sweep's base (key relative to bml, new value)
 */
public record PlannedRun(String id, BmlSettings settings, List<Condition> conditions, Map<String, String> varying) {
    public PlannedRun {
        conditions = List.copyOf(conditions);
        varying = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(varying));
    }

    public List<String> conditionIds() {
        return conditions.stream().map(Condition::id).toList();
    }
}
