package bml.actors;

import bml.probing.LayerAccuracy;
import bml.export.TensorBoardSink;
import bml.runfiles.BaselineRecord;
import bml.runfiles.FitRecord;
import bml.runfiles.AtomicFiles;
import bml.runfiles.MetricRecord;
import bml.runfiles.ProbeRecord;
import bml.runfiles.RunDirectory;
import bml.runfiles.RunJson;
import bml.runfiles.RunStatus;
import bml.runfiles.TrainRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Collects every metric of the run, writes it to the metrics queue and {@code metrics.jsonl}, shows live progress
 * and writes {@code summary.json} at the end.
 *
 * <p>Owns the metrics appender and the JSONL writer. Runs on the I/O dispatcher, so file and terminal writes never
 * hold up the default dispatcher.
 */
public final class MetricsHub extends AbstractBehavior<MetricsHub.Command> {

    public sealed interface Command {}

    public record TrainStepped(long step, double loss, double accuracy, double samplesPerSecond, long viewsConsumed)
            implements Command {}

    public record ViewsProduced(int workerId, int count) implements Command {}

    /**
     * The probe of the snapshot of {@code step} finished.
     *
     * @param cleanFit   eval-mode accuracy on the clean training images against the run's labels (NaN if none)
     * @param calibrated the BatchNorm-recalibrated untrained baseline per layer (step 0 only; else empty)
     */
    public record ProbeFinished(long step, List<LayerAccuracy> layers, long nanos, double cleanFit,
                                List<LayerAccuracy> calibrated) implements Command {
        /** A probe that measured the layers alone. */
        public ProbeFinished(long step, List<LayerAccuracy> layers, long nanos) {
            this(step, layers, nanos, Double.NaN, List.of());
        }
    }

    public record ProbeFailed(long step, String reason) implements Command {}

    /** A hot-reload patch took effect at {@code step}: recorded so later metrics join to their parameters. */
    public record ConfigChanged(long step, Map<String, List<String>> changes, String origin) implements Command {}

    /** Reply the run's status, completed with what the guardian knows. */
    public record StatusRequest(RunState state, long totalSteps, String settingsJson,
                                ActorRef<RunControl.Status> replyTo) implements Command {}

    /** Reply the latest value of every metric. */
    public record LatestRequest(ActorRef<RunControl.Latest> replyTo) implements Command {}

    /** Write the summary and the final table, then reply. */
    public record Finish(RunStatus status, TrainerReport report, long probesCoalesced, ActorRef<Done> replyTo)
            implements Command {}

    private enum Tick implements Command { INSTANCE }

    /** Where the hub writes and how often it prints. */
    public record Setup(RunDirectory runDir, ChronicleQueue metricsQueue, boolean resumed, long totalSteps,
                        Duration progressEvery, PrintStream terminal, Path tensorBoardDir) {
        /** A hub that writes no TensorBoard files. */
        public Setup(RunDirectory runDir, ChronicleQueue metricsQueue, boolean resumed, long totalSteps,
                     Duration progressEvery, PrintStream terminal) {
            this(runDir, metricsQueue, resumed, totalSteps, progressEvery, terminal, null);
        }
    }

    private static final int TRAIN_ACC_WINDOW = 50;
    private static final int FLUSH_CHARS = 64 * 1024;
    private static final int MAX_PENDING_CHARS = 32 * 1024 * 1024;

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerAtFixedRate(Tick.INSTANCE, setup.progressEvery());
            return new MetricsHub(context, setup);
        }));
    }

    private final Setup setup;
    private final ExcerptAppender appender;
    private final OutputStream jsonl;
    // Whole lines only reach the file, so a reader tailing metrics.jsonl never sees half a record.
    private final StringBuilder pendingLines = new StringBuilder();
    private final long startNanos = System.nanoTime();
    private final LayerTable table = new LayerTable();
    private final double[] recentAccuracy = new double[TRAIN_ACC_WINDOW];
    // The last train step recorded. A resumed run replays the steps after its checkpoint, and records already in the
    // metrics queue must not appear twice; probe steps are tracked in recordedProbeSteps for the same reason.
    private long step;
    private double loss = Double.NaN;
    private double lastAccuracy = Double.NaN;
    private double samplesPerSecond;
    private long viewsConsumed;
    private long viewsProduced;
    private long viewsAtLastTick;
    private double viewsPerSecond;
    private long nanosAtLastTick = System.nanoTime();
    private long probesCompleted;
    private long probesFailed;
    private final java.util.Set<Long> recordedProbeSteps = new java.util.HashSet<>();
    // Clean fit per probed step, so the summary reports the one of the last probe.
    private final java.util.TreeMap<Long, Double> fits = new java.util.TreeMap<>();

    // Live TensorBoard event file (export.tensorboard); null when off, or after it failed once.
    private TensorBoardSink tensorBoard;

    private MetricsHub(ActorContext<Command> context, Setup setup) {
        super(context);
        this.setup = setup;
        if (setup.tensorBoardDir() != null) {
            try {
                this.tensorBoard = TensorBoardSink.live(setup.tensorBoardDir());
            } catch (IOException | RuntimeException e) {
                context.getLog().error("Could not start the TensorBoard event file in {}; the run goes on without it",
                        setup.tensorBoardDir(), e);
            }
        }
        this.appender = setup.metricsQueue().createAppender();
        // Chronicle checks that an appender stays on one thread; the actor serialises every use of it instead.
        appender.singleThreadedCheckDisabled(true);
        try {
            Path jsonlFile = setup.runDir().metrics();
            if (setup.resumed()) {
                restoreFromQueue(jsonlFile);
            }
            this.jsonl = Files.newOutputStream(jsonlFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(TrainStepped.class, this::onTrainStepped)
                .onMessage(ViewsProduced.class, this::onViewsProduced)
                .onMessage(ProbeFinished.class, this::onProbeFinished)
                .onMessage(ProbeFailed.class, this::onProbeFailed)
                .onMessage(Tick.class, notUsed -> onTick())
                .onMessage(ConfigChanged.class, this::onConfigChanged)
                .onMessage(StatusRequest.class, this::onStatusRequest)
                .onMessage(LatestRequest.class, this::onLatestRequest)
                .onMessage(Finish.class, this::onFinish)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    /**
     * Rebuilds the hub's state and {@code metrics.jsonl} from the metrics queue, the run's record of truth: after a
     * crash the file may lack its last buffered lines or end in half a line, the queue does not.
     */
    private void restoreFromQueue(Path jsonlFile) throws IOException {
        StringBuilder lines = new StringBuilder();
        try (ExcerptTailer tailer = setup.metricsQueue().createTailer()) {
            for (String line = tailer.readText(); line != null; line = tailer.readText()) {
                lines.append(line).append('\n');
                MetricRecord record = RunJson.metric(line);
                if (record instanceof TrainRecord train) {
                    step = Math.max(step, train.step());
                    loss = train.loss();
                    lastAccuracy = train.trainAccuracy();
                    recentAccuracy[(int) (train.step() % TRAIN_ACC_WINDOW)] = lastAccuracy;
                } else if (record instanceof ProbeRecord probe) {
                    recordedProbeSteps.add(probe.step());
                    table.record(probe.step(), probe.layer(), probe.knnAccuracy());
                } else if (record instanceof FitRecord fit) {
                    fits.put(fit.step(), fit.cleanFit());
                } else if (record instanceof BaselineRecord baseline) {
                    table.recordCalibrated(baseline.layer(), baseline.knnAccuracy());
                }
            }
        }
        AtomicFiles.write(jsonlFile, lines.toString());
        getContext().getLog().info("Resumed metrics: {} train steps and {} probes already recorded",
                step, recordedProbeSteps.size());
    }

    private Behavior<Command> onTrainStepped(TrainStepped message) {
        if (message.step() <= step) {
            return this; // replayed after a resume: already recorded
        }
        step = message.step();
        loss = message.loss();
        lastAccuracy = message.accuracy();
        recentAccuracy[(int) (step % TRAIN_ACC_WINDOW)] = message.accuracy();
        samplesPerSecond = message.samplesPerSecond();
        viewsConsumed = message.viewsConsumed();
        publish(MetricRecords.train(step, loss, lastAccuracy, samplesPerSecond, seconds()));
        return this;
    }

    private Behavior<Command> onViewsProduced(ViewsProduced message) {
        viewsProduced += message.count();
        return this;
    }

    private Behavior<Command> onProbeFinished(ProbeFinished message) {
        if (!recordedProbeSteps.add(message.step())) {
            return this;
        }
        probesCompleted++;
        for (LayerAccuracy layer : message.layers()) {
            table.record(message.step(), layer.layer(), layer.accuracy());
            publish(MetricRecords.probe(message.step(), layer, message.nanos() / 1e9, seconds()));
        }
        for (LayerAccuracy layer : message.calibrated()) {
            table.recordCalibrated(layer.layer(), layer.accuracy());
            publish(MetricRecords.baseline(message.step(), layer, seconds()));
        }
        // Views fit: the batch accuracy of the last 50 steps before this result arrived (training goes on meanwhile).
        double viewsFit = finalTrainAccuracy();
        fits.put(message.step(), message.cleanFit());
        publish(new FitRecord(message.step(), seconds(), message.cleanFit(), viewsFit));
        flush();
        return this;
    }

    private Behavior<Command> onProbeFailed(ProbeFailed message) {
        probesFailed++;
        publish(MetricRecords.probeFailed(message.step(), message.reason(), seconds()));
        return this;
    }

    private Behavior<Command> onTick() {
        long now = System.nanoTime();
        viewsPerSecond = (viewsProduced - viewsAtLastTick) * 1e9 / Math.max(1, now - nanosAtLastTick);
        viewsAtLastTick = viewsProduced;
        nanosAtLastTick = now;
        long lag = viewsProduced - viewsConsumed;
        publish(MetricRecords.views(step, viewsProduced, viewsPerSecond, lag, seconds()));
        flush();
        setup.terminal().println(ProgressLine.format(step, setup.totalSteps(), loss, lastAccuracy, viewsPerSecond,
                samplesPerSecond, lag, table));
        return this;
    }

    private Behavior<Command> onConfigChanged(ConfigChanged message) {
        publish(MetricRecords.config(message.step(), message.changes(), message.origin(), seconds()));
        flush();
        setup.terminal().println("config changed at step " + message.step() + " (" + message.origin() + "): "
                + message.changes());
        return this;
    }

    private Behavior<Command> onStatusRequest(StatusRequest message) {
        message.replyTo().tell(new RunControl.Status(message.state(), step, message.totalSteps(), samplesPerSecond,
                viewsPerSecond, viewsProduced - viewsConsumed, message.settingsJson()));
        return this;
    }

    private Behavior<Command> onLatestRequest(LatestRequest message) {
        message.replyTo().tell(new RunControl.Latest(step, loss, lastAccuracy, samplesPerSecond, viewsPerSecond,
                viewsProduced - viewsConsumed, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(table.latest())), table.latestStep(), probesCompleted));
        return this;
    }

    private Behavior<Command> onFinish(Finish message) {
        // The last record: watchers and SSE clients learn the run is over and how it ended.
        publish(MetricRecords.end(step, message.status().endState(), seconds()));
        flush();
        Double lastCleanFit = fits.isEmpty() ? null : fits.lastEntry().getValue();
        Summary summary = new Summary(message.status(), message.report(), finalTrainAccuracy(),
                lastCleanFit == null ? Double.NaN : lastCleanFit, loss, table, viewsProduced, seconds(),
                probesCompleted, probesFailed, message.probesCoalesced());
        summary.write(setup.runDir().summary());
        setup.terminal().println();
        setup.terminal().println(summary.render());
        message.replyTo().tell(Done.getInstance());
        return Behaviors.stopped();
    }

    /** Mean batch accuracy on the random labels over the last steps: one batch alone is too noisy. */
    private double finalTrainAccuracy() {
        int window = (int) Math.min(TRAIN_ACC_WINDOW, step);
        if (window == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < window; i++) {
            sum += recentAccuracy[(int) ((step - i) % TRAIN_ACC_WINDOW)];
        }
        return sum / window;
    }

    private void publish(MetricRecord record) {
        String line = RunJson.line(record);
        try {
            appender.writeText(line);
        } catch (RuntimeException e) {
            // A full disk must not end the experiment: the record misses the queue, the run goes on.
            getContext().getLog().error("Could not append metrics record [{}] to the metrics queue", line, e);
        }
        pendingLines.append(line).append('\n');
        writeTensorBoard(line);
        if (pendingLines.length() > FLUSH_CHARS) {
            flush();
        }
    }

    /** The record as TensorBoard points; a failure (a full disk) stops the event file, never the run. */
    private void writeTensorBoard(String line) {
        if (tensorBoard == null) {
            return;
        }
        try {
            tensorBoard.accept(line);
        } catch (IOException | RuntimeException e) {
            getContext().getLog().error("Could not write the TensorBoard event file {}; no more points are written "
                    + "to it (bml export RUN_DIR --to tensorboard writes them all from metrics.jsonl)",
                    tensorBoard.file(), e);
            closeTensorBoard();
        }
    }

    private void closeTensorBoard() {
        if (tensorBoard == null) {
            return;
        }
        try {
            tensorBoard.close();
        } catch (IOException e) {
            getContext().getLog().error("Could not close {}", tensorBoard.file(), e);
        }
        tensorBoard = null;
    }

    private void flush() {
        if (pendingLines.length() == 0) {
            return;
        }
        try {
            jsonl.write(pendingLines.toString().getBytes(StandardCharsets.UTF_8));
            jsonl.flush();
            pendingLines.setLength(0);
        } catch (IOException e) {
            // Kept in memory and tried again at the next flush. Past a bound the lines are dropped from memory: the
            // metrics queue still holds them, and a resume rebuilds metrics.jsonl from it.
            getContext().getLog().error("Could not write {}", RunDirectory.METRICS_JSONL, e);
            if (pendingLines.length() > MAX_PENDING_CHARS) {
                pendingLines.setLength(0);
            }
        }
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private Behavior<Command> onPostStop() {
        flush();
        closeTensorBoard();
        try {
            jsonl.close();
        } catch (IOException e) {
            getContext().getLog().error("Could not close {}", RunDirectory.METRICS_JSONL, e);
        }
        appender.close();
        return this;
    }
}
