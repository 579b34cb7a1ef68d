package bml.runfiles;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One record of {@code metrics.jsonl} and of the metrics queue: a JSON object with {@code type}, {@code step} and
 * {@code time_s}, then the fields of its type. {@link RunJson} writes and reads them.
 *
 * <p>Why a sealed family: every writer and reader of the metrics goes through these records, so renaming a field
 * is a compile error in each of them rather than a silently empty chart, watch line or verdict.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = MetricRecord.TYPE_KEY)
@JsonSubTypes({
    @JsonSubTypes.Type(value = TrainRecord.class, name = TrainRecord.TYPE),
    @JsonSubTypes.Type(value = ProbeRecord.class, name = ProbeRecord.TYPE),
    @JsonSubTypes.Type(value = ViewsRecord.class, name = ViewsRecord.TYPE),
    @JsonSubTypes.Type(value = ConfigRecord.class, name = ConfigRecord.TYPE),
    @JsonSubTypes.Type(value = ProbeFailedRecord.class, name = ProbeFailedRecord.TYPE),
    @JsonSubTypes.Type(value = EndRecord.class, name = EndRecord.TYPE),
    @JsonSubTypes.Type(value = FitRecord.class, name = FitRecord.TYPE),
    @JsonSubTypes.Type(value = BaselineRecord.class, name = BaselineRecord.TYPE)
})
public sealed interface MetricRecord
        permits TrainRecord, ProbeRecord, ViewsRecord, ConfigRecord, ProbeFailedRecord, EndRecord, FitRecord,
                BaselineRecord {

    /** The key of every record's type; readers that peek without parsing the record (SSE filters) use it. */
    String TYPE_KEY = "type";

    /** The record's type, as its {@value #TYPE_KEY} field says: also the name of its SSE event. */
    String type();

    /** The training step the record belongs to (for a probe, the step of the snapshot it measured). */
    long step();

    /** Seconds since the metrics hub started, when the record was made. */
    double timeSeconds();
}
