package bml.export;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the independent Python checkers in {@code src/test/python} with Debian's {@code /usr/bin/python3}. */
final class PythonScript {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPTS = Path.of("src/test/python");

    record Result(int exitCode, String stdout, String stderr) {}

    private PythonScript() {}

    /** Skips the calling test unless {@code /usr/bin/python3} exists and can import {@code module}. */
    static void assumeAvailable(String module) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3: install python3-protobuf");
        Result probe = run(List.of("-c", "import " + module));
        assumeTrue(probe.exitCode() == 0, "/usr/bin/python3 cannot import " + module + ": install python3-protobuf");
    }

    static Result script(String name, String... args) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>();
        arguments.add(SCRIPTS.resolve(name).toString());
        arguments.addAll(List.of(args));
        return run(arguments);
    }

    private static Result run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PYTHON.toString());
        command.addAll(arguments);
        Path stdout = Files.createTempFile("python-out", ".txt");
        Path stderr = Files.createTempFile("python-err", ".txt");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("python did not finish in 30 s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
