package bml.cluster;

import bml.reproduce.GridPlan;
import bml.runfiles.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code OUT/sweep.json}: what a sweep on the cluster was asked to do, written before its first run, so that
 * {@code --resume OUT} can plan exactly the same runs after the coordinator is lost.
 *
 * <p>Why the inputs and not the runs: the plan is a pure function of them (budget, data, the user's settings, the
 * grid), and rebuilding it validates it again. The user's {@code --config} file is copied beside it
 * ({@link #CONFIG_COPY}), so a later edit of the original cannot change the sweep.
 *
 * @param kind      {@link #REPRODUCE} or {@link #GRID}
 * @param command   the command line that started the sweep
 * @param budget    the reproduction budget's name (reproduce only)
 * @param data      the data set (reproduce only)
 * @param seeds     replicates of each compared condition (reproduce only; 0 in a grid)
 * @param axes      the grid (grid only)
 * @param config    the copied --config file's name in OUT, or null
 * @param overrides the user's --set overrides, in order
 * @param workers   local worker JVMs it ran with
 */
public record SweepManifest(String kind, String command, String budget, String data, int seeds,
                            List<GridPlan.Axis> axes, String config, List<String> overrides, int workers) {
    public static final String FILE = "sweep.json";
    public static final String CONFIG_COPY = "sweep-config.conf";
    public static final String REPRODUCE = "reproduce";
    public static final String GRID = "grid";
    private static final ObjectMapper JSON = new ObjectMapper();

    public SweepManifest {
        axes = List.copyOf(axes);
        overrides = List.copyOf(overrides);
    }

    /** Copies {@code userConfig} (if any) into {@code outDir}, then writes this manifest there. */
    public SweepManifest writeTo(Path outDir, Path userConfig) throws IOException {
        SweepManifest written = this;
        if (userConfig != null) {
            Files.copy(userConfig, outDir.resolve(CONFIG_COPY), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            written = new SweepManifest(kind, command, budget, data, seeds, axes, CONFIG_COPY, overrides, workers);
        }
        AtomicFiles.write(outDir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(written)
                + "\n");
        return written;
    }

    /**
     * The manifest of the sweep in {@code outDir}.
     *
     * @throws IOException when there is none (a sweep that did not run on workers) or it cannot be read
     */
    public static SweepManifest readFrom(Path outDir) throws IOException {
        Path file = outDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(outDir + " holds no " + FILE + ": only a sweep run on workers (--workers N, or bml "
                    + "sweep) can be resumed");
        }
        return JSON.readValue(file.toFile(), SweepManifest.class);
    }

    /** The copied --config file, if the sweep had one. */
    public java.util.Optional<Path> configIn(Path outDir) {
        return config == null ? java.util.Optional.empty() : java.util.Optional.of(outDir.resolve(config));
    }
}
