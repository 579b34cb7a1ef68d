package bml.reproduce;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The results of a sweep, looked up by condition: what the claim rules and the report read.
 *
 * @param conditions every planned condition, in report order
 * @param runs       one result per distinct run (a run may stand for several conditions; a condition may have
 *                   several replicates)
 * @param classes    the number of classes of the sweep's data set (chance is 1 / classes); 0 when unknown
 */
public record ResultTable(List<Condition> conditions, List<RunResult> runs, int classes) {

    public ResultTable {
        conditions = List.copyOf(conditions);
        runs = List.copyOf(runs);
    }

    /** A table whose class count is unknown. */
    public ResultTable(List<Condition> conditions, List<RunResult> runs) {
        this(conditions, runs, 0);
    }

    /** The first replicate of condition {@code id}, whether or not it finished. */
    public Optional<RunResult> run(String conditionId) {
        return replicates(conditionId).stream().findFirst();
    }

    /** The first replicate of condition {@code id} if it finished (trained all its steps and probed the end). */
    public Optional<RunResult> finished(String conditionId) {
        return run(conditionId).filter(RunResult::finished);
    }

    /** Every replicate of condition {@code id}, finished or not, in replicate order. */
    public List<RunResult> replicates(String conditionId) {
        return runs.stream().filter(run -> run.standsFor(conditionId))
                .sorted(Comparator.comparingInt(RunResult::replicate)).toList();
    }

    /** The finished replicates of condition {@code id}, in replicate order. */
    public List<RunResult> finishedReplicates(String conditionId) {
        return replicates(conditionId).stream().filter(RunResult::finished).toList();
    }

    /** Whether condition {@code id} is one of the sweep's conditions. */
    public boolean planned(String conditionId) {
        return conditions.stream().anyMatch(c -> c.id().equals(conditionId));
    }

    /** The conditions of {@code group}, in order. */
    public List<Condition> group(Condition.Group group) {
        return conditions.stream().filter(c -> c.group() == group).toList();
    }
}
