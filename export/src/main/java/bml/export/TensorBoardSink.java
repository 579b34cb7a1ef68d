package bml.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns metrics records, one at a time, into TensorBoard scalars and texts in one event file (tags in
 * {@link TensorBoardTags}).
 *
 * <p>Live use: the metrics hub creates one with {@link #live(Path)} and hands it every record it publishes. A
 * point whose step is below one already written under the same tag (a probe of an older snapshot finishing after
 * a newer one) is skipped: TensorBoard takes a step that goes back as a restart and drops that tag's points from
 * there on, so writing it would hide the newer one. Not thread-safe: one owner calls it.
 */
public final class TensorBoardSink implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(TensorBoardSink.class);

    private final EventFileWriter writer;
    private final ToDoubleFunction<JsonNode> wallTime;
    private final Map<String, Long> lastStepByTag = new HashMap<>();
    private long skipped;

    private TensorBoardSink(EventFileWriter writer, ToDoubleFunction<JsonNode> wallTime) {
        this.writer = writer;
        this.wallTime = wallTime;
    }

    /** A sink for a running experiment: a new event file in {@code directory}, stamped with the current time. */
    public static TensorBoardSink live(Path directory) throws IOException {
        return new TensorBoardSink(EventFileWriter.create(directory), record -> System.currentTimeMillis() / 1000.0);
    }

    /** A sink for a finished run: wall times are the run's start plus each record's {@code time_s}. */
    static TensorBoardSink replay(Path directory, double runStartEpochSeconds) throws IOException {
        return new TensorBoardSink(EventFileWriter.create(directory, runStartEpochSeconds),
                record -> runStartEpochSeconds + record.path("time_s").asDouble(0));
    }

    /** Writes the scalars and texts of one record, as parsed from a line of {@code metrics.jsonl}. */
    public void accept(JsonNode record) throws IOException {
        TensorBoardTags.Points points = TensorBoardTags.of(record);
        double time = wallTime.applyAsDouble(record);
        for (TensorBoardTags.Scalar scalar : points.scalars()) {
            if (inOrder(scalar.tag(), points.step())) {
                writer.scalar(scalar.tag(), points.step(), scalar.value(), time);
            }
        }
        for (TensorBoardTags.Text text : points.texts()) {
            if (inOrder(text.tag(), points.step())) {
                writer.text(text.tag(), points.step(), text.text(), time);
            }
        }
    }

    /** {@link #accept(JsonNode)} for one line of {@code metrics.jsonl} as text. */
    public void accept(String jsonLine) throws IOException {
        accept(MetricsFile.JSON.readTree(jsonLine));
    }

    /** How many points were skipped because their tag had already reached a later step. */
    public long skipped() {
        return skipped;
    }

    public Path file() {
        return writer.file();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private boolean inOrder(String tag, long step) {
        Long last = lastStepByTag.get(tag);
        if (last != null && step < last) {
            skipped++;
            LOG.debug("Skipped [{}] at step [{}]: TensorBoard already has step [{}]", tag, step, last);
            return false;
        }
        lastStepByTag.put(tag, step);
        return true;
    }
}
