package bml.export;

/**
 * Encodes the TensorBoard {@code Event}s bml writes: the file-version event, a scalar and a text summary.
 *
 * <p>Field numbers are those of TensorBoard's published protos in {@code tensorflow/tensorboard},
 * {@code tensorboard/compat/proto/}: {@code event.proto} (Event), {@code summary.proto} (Summary, Summary.Value,
 * SummaryMetadata, SummaryMetadata.PluginData), {@code tensor.proto} (TensorProto), {@code tensor_shape.proto}
 * (TensorShapeProto) and {@code types.proto} (DataType). The independent reader
 * {@code src/test/python/read_tfevents.py} declares them again on its own.
 */
final class EventMessages {
    /** The version TensorBoard's own writers put in a file's first event. */
    static final String FILE_VERSION = "brain.Event:2";
    static final String TEXT_PLUGIN = "text";

    // event.proto, message Event
    private static final int EVENT_WALL_TIME = 1;
    private static final int EVENT_STEP = 2;
    private static final int EVENT_FILE_VERSION = 3;
    private static final int EVENT_SUMMARY = 5;
    // summary.proto, message Summary
    private static final int SUMMARY_VALUE = 1;
    // summary.proto, message Summary.Value
    private static final int VALUE_TAG = 1;
    private static final int VALUE_SIMPLE_VALUE = 2;
    private static final int VALUE_TENSOR = 8;
    private static final int VALUE_METADATA = 9;
    // summary.proto, messages SummaryMetadata and SummaryMetadata.PluginData
    private static final int METADATA_PLUGIN_DATA = 1;
    private static final int PLUGIN_DATA_PLUGIN_NAME = 1;
    // tensor.proto, message TensorProto; types.proto, enum DataType
    private static final int TENSOR_DTYPE = 1;
    private static final int TENSOR_SHAPE = 2;
    private static final int TENSOR_STRING_VAL = 8;
    private static final int DT_STRING = 7;

    private EventMessages() {}

    static byte[] fileVersion(double wallTime) {
        return new ProtoWriter()
                .doubleField(EVENT_WALL_TIME, wallTime)
                .string(EVENT_FILE_VERSION, FILE_VERSION)
                .toByteArray();
    }

    /** A scalar as {@code simple_value}, which TensorBoard's scalar dashboard reads without plugin metadata. */
    static byte[] scalar(String tag, long step, float value, double wallTime) {
        ProtoWriter summaryValue = new ProtoWriter()
                .string(VALUE_TAG, tag)
                .floatField(VALUE_SIMPLE_VALUE, value);
        return event(step, wallTime, summaryValue);
    }

    /**
     * A text summary as the text plugin reads it: a string tensor plus metadata naming the plugin. The tensor is
     * rank 0 (an empty shape), as {@code tf.summary.text} writes for one string, so the plugin renders it as
     * markdown rather than as a one-cell table.
     */
    static byte[] text(String tag, long step, String text, double wallTime) {
        ProtoWriter tensor = new ProtoWriter()
                .varint(TENSOR_DTYPE, DT_STRING)
                .message(TENSOR_SHAPE, new ProtoWriter())
                .string(TENSOR_STRING_VAL, text);
        ProtoWriter metadata = new ProtoWriter()
                .message(METADATA_PLUGIN_DATA, new ProtoWriter().string(PLUGIN_DATA_PLUGIN_NAME, TEXT_PLUGIN));
        ProtoWriter summaryValue = new ProtoWriter()
                .string(VALUE_TAG, tag)
                .message(VALUE_TENSOR, tensor)
                .message(VALUE_METADATA, metadata);
        return event(step, wallTime, summaryValue);
    }

    private static byte[] event(long step, double wallTime, ProtoWriter summaryValue) {
        return new ProtoWriter()
                .doubleField(EVENT_WALL_TIME, wallTime)
                .varint(EVENT_STEP, step)
                .message(EVENT_SUMMARY, new ProtoWriter().message(SUMMARY_VALUE, summaryValue))
                .toByteArray();
    }
}
