package bml.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs that a sweep starts on this machine ({@code --workers N}): child processes of the coordinator's JVM,
 * with its JVM flags and class path, each joining over loopback and writing its runs under
 * {@code OUT/workers/<name>/} (its log beside them, in {@code worker.log}).
 */
public final class LocalWorkers {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private LocalWorkers() {}

    /** One started worker: its name, directory and process. */
    public record LocalWorker(String name, Path dir, Process process) {}

    /**
     * The command line that runs {@code mainClass} with {@code args} in a JVM like this one: the same java, JVM
     * flags (bml's --add-opens and properties) and class path.
     */
    public static List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-agentlib:jdwp") && !flag.startsWith("-Xrunjdwp")) {
                command.add(flag); // a second JVM on the debugger's port would not start
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Starts {@code count} workers named w1..wN.
     *
     * @param workerCommand the command that starts a worker, before its options ({@code --join} and the rest)
     * @param extraArgs     more options for every worker (e.g. {@code --set} of cluster settings)
     */
    public static List<LocalWorker> start(int count, List<String> workerCommand, String join, Path secretFile,
                                          Path outDir, int threads, List<String> extraArgs) throws IOException {
        List<LocalWorker> started = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                String name = "w" + i;
                Path dir = outDir.resolve("workers").resolve(name);
                Files.createDirectories(dir);
                List<String> command = new ArrayList<>();
                if (Files.isExecutable(SETSID)) {
                    // Its own session: Ctrl-C in the terminal reaches only the coordinator, which then stops the
                    // workers' runs cleanly and brings them home, instead of every worker dropping its run at once.
                    command.add(SETSID.toString());
                }
                command.addAll(workerCommand);
                command.addAll(List.of("--join", join, "--secret-file", secretFile.toAbsolutePath().toString(),
                        "--dir", dir.toAbsolutePath().toString(), "--name", name, "--slots", "1",
                        "--threads", Integer.toString(threads)));
                command.addAll(extraArgs);
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("worker.log").toFile()).start();
                started.add(new LocalWorker(name, dir, process));
            }
        } catch (IOException | RuntimeException e) {
            stop(started, Duration.ZERO);
            throw e;
        }
        return started;
    }

    /** Waits up to {@code grace} for the workers to exit on their own, then kills the rest. */
    public static void stop(List<LocalWorker> workers, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        for (LocalWorker worker : workers) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!worker.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    worker.process().destroy();
                    if (!worker.process().waitFor(10, TimeUnit.SECONDS)) {
                        worker.process().destroyForcibly();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                worker.process().destroyForcibly();
            }
        }
    }

    /** Each of {@code count} workers' share of this machine's cores, at least 1: the threads of a run that says 0. */
    public static int threadsEach(int count) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / count);
    }
}
