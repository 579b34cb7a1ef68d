package bml.cluster;

import bml.reproduce.PlannedRun;
import bml.reproduce.RunRecord;
import bml.reproduce.SweepPlan;
import bml.runfiles.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What a lost coordinator left in a sweep's output: the runs whose results came home completely. */
public final class HomeRecords {
    private HomeRecords() {}

    /**
     * The records of the runs of {@code plan} that ended for good and are home (their {@code home.json} is there,
     * written last, and says finished or failed), by run id. A stopped run (the sweep was stopped) runs again, and
     * so does a run whose copy never finished ({@code OUT/.incoming}, deleted here). Checkpoints a lost coordinator
     * had copied home ({@code OUT/.checkpoints}) are deleted too: a copy serves only the coordinator that received
     * it, so those runs start from the start.
     */
    public static Map<String, RunRecord> collect(ClusterPlan plan) throws IOException {
        Path incoming = plan.outDir().resolve(".incoming");
        FileTrees.delete(incoming);
        SweepCoordinator.deleteCheckpointCopies(plan.outDir().resolve(SweepCoordinator.CHECKPOINTS));
        Map<String, RunRecord> home = new LinkedHashMap<>();
        for (PlannedRun run : plan.runs()) {
            Optional<HomeRecord> record = HomeRecord.readFrom(SweepPlan.runDirectory(plan.outDir(), run.id()));
            record.filter(r -> r.state().equals("finished") || r.state().equals("failed"))
                    .ifPresent(r -> home.put(run.id(), r.toRecord(run)));
        }
        return home;
    }
}
