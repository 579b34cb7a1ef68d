package bml.reproduce;

import java.util.List;
import java.util.Optional;

/**
 * The results of a sweep, looked up by condition: what the claim rules and the report read.
 *
 * @param conditions every planned condition, in report order
 * @param runs       one result per distinct run (a run may stand for several conditions)
 */
public record ResultTable(List<Condition> conditions, List<RunResult> runs) {

    public ResultTable {
        conditions = List.copyOf(conditions);
        runs = List.copyOf(runs);
    }

    /** The run that stands for condition {@code id}, whether or not it finished. */
    public Optional<RunResult> run(String conditionId) {
        return runs.stream().filter(run -> run.standsFor(conditionId)).findFirst();
    }

    /** The run for condition {@code id} if it finished (trained all its steps and probed the end). */
    public Optional<RunResult> finished(String conditionId) {
        return run(conditionId).filter(RunResult::finished);
    }

    /** The conditions of {@code group}, in order. */
    public List<Condition> group(Condition.Group group) {
        return conditions.stream().filter(c -> c.group() == group).toList();
    }
}
