package bml.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the PyTorch reference figures on this machine by running the bundled {@code torch_reference.py}
 * with Debian's {@code python3-torch} and {@code python3-torchvision}.
 *
 * <p>Why: a speed-up is only meaningful against a reference measured on the same machine in the same run
 * (issue 9); constants measured elsewhere said nothing about this one. When Python or torch is missing the
 * result says so, with the command that installs them, instead of inventing a figure.
 */
public final class TorchReference {

    /** Debian's interpreter, the one {@code apt-get install python3-torch} installs torch for. */
    public static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");
    /** The encoder the script replicates. */
    public static final String ENCODER = "cnn";
    static final String INSTALL = "apt-get install python3-torch python3-torchvision";
    static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(60);
    /** Added to each measurement's time for its warm-up, and once for imports and image generation. */
    static final Duration SLACK_PER_MEASUREMENT = Duration.ofSeconds(30);
    static final Duration SLACK_PER_RUN = Duration.ofSeconds(120);
    private static final Pattern MISSING_MODULE = Pattern.compile("No module named '([^'.]+)");
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private TorchReference() {}

    /**
     * Copies the script this jar carries ({@code bml/bench/torch_reference.py}) to a temporary file, so that
     * {@code bml bench} finds it wherever the launcher runs from.
     */
    public static Path bundledScript() throws IOException {
        Path script = Files.createTempFile("bml-torch-reference-", ".py");
        script.toFile().deleteOnExit();
        try (var in = TorchReference.class.getResourceAsStream("torch_reference.py")) {
            if (in == null) {
                throw new IOException("torch_reference.py is missing from the bml-bench jar");
            }
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    /** What the script measures; {@code ALL} is augment, step, then the pipeline with 1 and with 2 workers. */
    public enum What {
        ALL(4), AUGMENT(1), STEP(1), PIPELINE(2);

        private final int measurements;

        What(int measurements) {
            this.measurements = measurements;
        }

        String argument() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One run of the script: the interpreter, the script, what to measure for how long each, and the model and data
     * it must match (bml's {@code model.encoder}, {@code model.width}, {@code model.head-width},
     * {@code training.batch-size}, class count).
     *
     * @param encoder must be {@code cnn}, the only encoder the script builds; {@link #measure} says so otherwise
     * @param threads torch.set_num_threads for the step and the pipeline (augmentation always runs on one)
     * @param images images in the pipeline's dataset
     */
    public record Request(Path python, Path script, What what, Duration perMeasurement, int threads, int batch,
            String encoder, int width, int headWidth, int classes, int images) {
        public Request {
            if (perMeasurement.isNegative() || perMeasurement.isZero()) {
                throw new IllegalArgumentException("perMeasurement: expected > 0, got " + perMeasurement);
            }
            positive("threads", threads);
            positive("batch", batch);
            positive("width", width);
            positive("headWidth", headWidth);
            positive("images", images);
            if (classes < 2) {
                throw new IllegalArgumentException("classes: expected >= 2, got " + classes);
            }
        }

        /** The longest the script may take before it is stopped. */
        public Duration timeout() {
            return perMeasurement.plus(SLACK_PER_MEASUREMENT).multipliedBy(what.measurements).plus(SLACK_PER_RUN);
        }

        List<String> command() {
            return List.of(python.toString(), script.toString(), "--what", what.argument(),
                    "--seconds", Double.toString(perMeasurement.toMillis() / 1000.0), "--threads", "" + threads,
                    "--batch", "" + batch, "--encoder", encoder, "--width", "" + width, "--head-width", "" + headWidth,
                    "--classes", "" + classes, "--images", "" + images);
        }

        private static void positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + ": expected > 0, got " + value);
            }
        }
    }

    /** The outcome of {@link #measure}: the figures, or why there are none. */
    public sealed interface Result permits Measured, Unavailable {}

    /** The script ran and printed its figures. */
    public record Measured(Figures figures) implements Result {}

    /** No figures; {@code reason} says what is missing or what went wrong, and how to fix it when we know. */
    public record Unavailable(String reason) implements Result {}

    /** The script's JSON; a part not asked for ({@link What}) is null. */
    public record Figures(Settings settings, Versions versions, Machine machine, Augment augment, Step step,
            Pipeline pipeline) {}

    /** The settings the script ran with (its echo of the command line, plus its constants). */
    public record Settings(String what, double seconds, int threads, int batch, String encoder, int width,
            int headWidth, int classes, int images, List<Integer> workers, double lr, long seed, int warmUpSteps) {}

    /** What the script ran on, as each package reports itself (Debian's torch says {@code 1.13.0a0}). */
    public record Versions(String python, String torch, String torchvision, @JsonProperty("PIL") String pil,
            String numpy) {}

    /** {@code ompWaitPolicy} is null when the variable was not set. */
    public record Machine(int cpus, int torchThreads, int torchInteropThreads, String ompWaitPolicy) {}

    /** torchvision's {@code full} views per second in one process on one thread. */
    public record Augment(double viewsPerSecond, long views, double seconds, int threads) {}

    /** The bare training step's samples per second on a batch already in memory. */
    public record Step(double samplesPerSecond, long steps, double seconds) {}

    /** The DataLoader pipeline end to end: the best run's samples per second and worker count, and every run. */
    public record Pipeline(double samplesPerSecond, int workers, List<PipelineRun> runs) {}

    /** One worker count's end-to-end run. */
    public record PipelineRun(int workers, double samplesPerSecond, long steps, double seconds) {}

    /**
     * Runs the script as {@code request} says and parses what it prints; never throws for a missing or failing
     * Python, torch or script, which all come back as {@link Unavailable}.
     */
    public static Result measure(Request request) {
        if (!ENCODER.equals(request.encoder())) {
            return new Unavailable("the PyTorch reference builds only the " + ENCODER + " encoder, not "
                    + request.encoder() + ": run bml bench with model.encoder=" + ENCODER + " to compare");
        }
        if (!Files.isRegularFile(request.script())) {
            return new Unavailable("the reference script " + request.script() + " is missing");
        }
        Optional<Unavailable> missing = check(request.python());
        if (missing.isPresent()) {
            return missing.get();
        }
        Exit exit;
        try {
            exit = run(request.command(), request.timeout());
        } catch (IOException e) {
            return new Unavailable("could not run " + request.script() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted while measuring the PyTorch reference");
        }
        if (exit.timedOut()) {
            return new Unavailable("the reference script did not finish within " + request.timeout().toSeconds()
                    + " s and was stopped: " + lastLine(exit.stderr()));
        }
        if (exit.code() != 0) {
            return new Unavailable("the reference script failed (exit " + exit.code() + "): "
                    + lastLine(exit.stderr()));
        }
        try {
            return new Measured(JSON.readValue(exit.stdout(), Figures.class));
        } catch (JsonProcessingException e) {
            return new Unavailable("the reference script printed no figures bml can read: "
                    + e.getOriginalMessage());
        }
    }

    /**
     * Empty when {@code python} exists and imports torch and torchvision; otherwise why not, naming the Debian package
     * to install.
     */
    public static Optional<Unavailable> check(Path python) {
        if (!Files.isExecutable(python)) {
            return Optional.of(new Unavailable("no Python at " + python + ": apt-get install python3 "
                    + "python3-torch python3-torchvision"));
        }
        Exit exit;
        try {
            exit = run(List.of(python.toString(), "-c", "import torch, torchvision"), IMPORT_TIMEOUT);
        } catch (IOException e) {
            return Optional.of(new Unavailable("could not run " + python + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Unavailable("interrupted while checking " + python + " for torch"));
        }
        if (exit.timedOut()) {
            return Optional.of(new Unavailable(python + " took more than " + IMPORT_TIMEOUT.toSeconds()
                    + " s to import torch and torchvision"));
        }
        if (exit.code() == 0) {
            return Optional.empty();
        }
        Matcher module = MISSING_MODULE.matcher(exit.stderr());
        if (module.find()) {
            String name = module.group(1);
            String fix = "torchvision".equals(name) ? "apt-get install python3-torchvision" : INSTALL;
            return Optional.of(new Unavailable("python3-" + name + " is not installed (" + python + " cannot import "
                    + name + "): " + fix));
        }
        return Optional.of(new Unavailable(python + " cannot import torch and torchvision: "
                + lastLine(exit.stderr())));
    }

    private record Exit(boolean timedOut, int code, String stdout, String stderr) {}

    /**
     * Runs {@code command} with stdin closed and {@code OMP_WAIT_POLICY=PASSIVE} unless set (as the launcher does),
     * capturing both outputs in files so neither pipe can fill up; stops the process and its children (the
     * DataLoader's workers) when {@code timeout} passes.
     */
    private static Exit run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("bml-torch-reference-", ".out");
        Path err = Files.createTempFile("bml-torch-reference-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
            Process process = builder.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                stop(process);
                throw e;
            }
            if (!finished) {
                stop(process);
            }
            return new Exit(!finished, finished ? process.exitValue() : -1, text(out), text(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    /** Asks the process and its descendants to stop, then kills whatever is left after five seconds. */
    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.waitFor();
        }
    }

    /** The last non-blank line of a process's stderr (the exception, for Python), or a note that it was silent. */
    private static String lastLine(String stderr) {
        List<String> lines = stderr.lines().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "(nothing on stderr)" : lines.get(lines.size() - 1).strip();
    }
}
