package bml.cluster;

import bml.config.ClusterSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A worker JVM for tests of this module, started by {@link LocalWorkers} on the test class path with the options
 * {@code bml worker} takes ({@code --join --secret-file --dir --name --slots --threads}, repeatable {@code --set}).
 */
public final class TestWorkerMain {
    private TestWorkerMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        List<String> sets = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--set")) {
                sets.add(args[i + 1]);
            } else {
                options.put(args[i], args[i + 1]);
            }
        }
        ClusterSettings cluster = ClusterSettings.load(Optional.empty(), sets);
        int code = WorkerNode.run(new WorkerNode.Options(cluster, List.of(options.get("--join")),
                Path.of(options.get("--secret-file")), options.get("--name"),
                Integer.parseInt(options.get("--slots")), Integer.parseInt(options.get("--threads")),
                Path.of(options.get("--dir")), null, System.out));
        System.exit(code);
    }
}
