package bml.reproduce;

import bml.config.BmlSettings;
import java.util.List;
import java.util.Map;

/**
 * One distinct run of the sweep, every condition it stands for, and which replicate of them it is.
 *
 * @param id        the first condition's id, with {@code -s<k>} for the k-th seed from the second on; also the run
 *                  directory's name under {@code DIR/runs/}
 * @param varying   the settings that differ from the sweep's base (key relative to bml, new value)
 * @param replicate 0 for the first seed (the base settings' label and initial-weight seeds), k-1 for the k-th
 */
public record PlannedRun(String id, BmlSettings settings, List<Condition> conditions, Map<String, String> varying,
                         int replicate) {
    public PlannedRun {
        conditions = List.copyOf(conditions);
        varying = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(varying));
    }

    /** The first replicate. */
    public PlannedRun(String id, BmlSettings settings, List<Condition> conditions, Map<String, String> varying) {
        this(id, settings, conditions, varying, 0);
    }

    public List<String> conditionIds() {
        return conditions.stream().map(Condition::id).toList();
    }
}
