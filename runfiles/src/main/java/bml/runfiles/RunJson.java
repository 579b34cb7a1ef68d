package bml.runfiles;

import bml.config.ConfigEnum;
import bml.config.Weighting;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one JSON codec of the run's files: metric records ({@code metrics.jsonl}, the metrics queue, SSE events) and
 * {@code summary.json}. Thread-safe.
 *
 * <p>Reading is strict where the writer is: a metric record missing a field, or with a field of the wrong type, is
 * an error naming the field, never a silent zero.
 */
public final class RunJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(settingNames())
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final ObjectWriter METRIC_WRITER = MAPPER.writerFor(MetricRecord.class);
    private static final ObjectReader METRIC_READER = MAPPER.readerFor(MetricRecord.class);
    private static final ObjectWriter SUMMARY_WRITER = MAPPER.writerFor(RunSummary.class)
            .withDefaultPrettyPrinter();
    // error, step0 and change are absent from the file when they have no value.
    private static final ObjectReader SUMMARY_READER = MAPPER.readerFor(RunSummary.class)
            .without(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private RunJson() {}

    /** {@code record} as one line of JSON, without the line break. */
    public static String line(MetricRecord record) {
        try {
            return METRIC_WRITER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write metric record " + record, e);
        }
    }

    /**
     * The record one line of JSON holds.
     *
     * @throws IllegalArgumentException naming what is wrong (not JSON, unknown type, missing or mistyped field)
     */
    public static MetricRecord metric(String line) {
        try {
            return METRIC_READER.readValue(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a bml metric record (" + e.getOriginalMessage() + "): "
                    + abbreviate(line), e);
        }
    }

    /** {@code summary} as {@code summary.json} holds it: indented JSON. */
    public static String summaryText(RunSummary summary) {
        try {
            return SUMMARY_WRITER.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write summary " + summary, e);
        }
    }

    /** Writes {@code summary} to {@code file} atomically. */
    public static void writeSummary(Path file, RunSummary summary) throws IOException {
        AtomicFiles.write(file, summaryText(summary));
    }

    /**
     * Reads a {@code summary.json}.
     *
     * @throws IOException naming the file when it cannot be read or is not a summary
     */
    public static RunSummary readSummary(Path file) throws IOException {
        try {
            return SUMMARY_READER.readValue(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    /** Settings values in records are written as users write them ({@code majority}), not as Java constants. */
    private static SimpleModule settingNames() {
        SimpleModule module = new SimpleModule("bml-setting-names");
        module.addSerializer(Weighting.class, new JsonSerializer<>() {
            @Override
            public void serialize(Weighting value, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeString(value.configName());
            }
        });
        module.addDeserializer(Weighting.class, new JsonDeserializer<>() {
            @Override
            public Weighting deserialize(JsonParser in, DeserializationContext context) throws IOException {
                String name = in.getValueAsString();
                return ConfigEnum.find(Weighting.class, name).orElseThrow(() -> context.weirdStringException(
                        name, Weighting.class, "expected one of " + ConfigEnum.names(Weighting.class)));
            }
        });
        return module;
    }
}
