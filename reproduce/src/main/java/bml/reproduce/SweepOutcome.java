package bml.reproduce;

import java.nio.file.Path;
import java.util.List;

/**
 * How a sweep ended: every planned run's record, the verdicts and where the report went.
 *
 * @param stopped true when the sweep was stopped (Ctrl-C) before every run had its turn
 */
public record SweepOutcome(List<RunRecord> runs, List<Verdict> verdicts, Path markdown, Path html, boolean stopped) {
    public SweepOutcome {
        runs = List.copyOf(runs);
        verdicts = List.copyOf(verdicts);
    }

    /** True when every planned run trained to its end. */
    public boolean allFinished() {
        return runs.stream().allMatch(run -> run.state() == RunRecord.State.FINISHED);
    }
}
