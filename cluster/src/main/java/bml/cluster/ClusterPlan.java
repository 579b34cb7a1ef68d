package bml.cluster;

import bml.reproduce.PlannedRun;
import bml.reproduce.SweepPlan;
import java.nio.file.Path;
import java.util.List;

/**
 * What the coordinator hands out: the distinct runs of a sweep, each with its settings, and where their results
 * go ({@code outDir/runs/<id>/}).
 *
 * @param conditions how many conditions (or grid points) the runs stand for
 */
public record ClusterPlan(List<PlannedRun> runs, int conditions, Path outDir) {
    public ClusterPlan {
        runs = List.copyOf(runs);
    }

    /** The runs of a reproduction sweep. */
    public static ClusterPlan of(SweepPlan plan) {
        return new ClusterPlan(plan.runs(), plan.conditions().size(), plan.outDir());
    }
}
