package bml.export;

import static bml.export.ProtoWriterTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class EventMessagesTest {

    @Test
    void theFileVersionEventHoldsWallTimeAndVersion() {
        assertArrayEquals(bytes(0x09, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, // wall_time = 1.5
                        0x1A, 0x0D, 'b', 'r', 'a', 'i', 'n', '.', 'E', 'v', 'e', 'n', 't', ':', '2'), // file_version
                EventMessages.fileVersion(1.5));
    }

    @Test
    void aScalarIsASimpleValueInASummary() {
        assertArrayEquals(bytes(0x09, 0, 0, 0, 0, 0, 0, 0, 0x40, // wall_time = 2.0
                        0x10, 0x03, // step = 3
                        0x2A, 0x0A, // summary, 10 bytes
                        0x0A, 0x08, // summary.value, 8 bytes
                        0x0A, 0x01, 'a', // tag = "a"
                        0x15, 0, 0, 0x80, 0x3F), // simple_value = 1.0f
                EventMessages.scalar("a", 3, 1.0f, 2.0));
    }

    @Test
    void aTextIsAStringTensorForTheTextPlugin() {
        assertArrayEquals(bytes(0x09, 0, 0, 0, 0, 0, 0, 0, 0, // wall_time = 0.0
                        0x10, 0x01, // step = 1
                        0x2A, 0x19, // summary, 25 bytes
                        0x0A, 0x17, // summary.value, 23 bytes
                        0x0A, 0x01, 't', // tag = "t"
                        0x42, 0x08, // tensor, 8 bytes
                        0x08, 0x07, // dtype = DT_STRING
                        0x12, 0x00, // tensor_shape = {} (a scalar)
                        0x42, 0x02, 'h', 'i', // string_val = "hi"
                        0x4A, 0x08, // metadata, 8 bytes
                        0x0A, 0x06, // plugin_data, 6 bytes
                        0x0A, 0x04, 't', 'e', 'x', 't'), // plugin_name = "text"
                EventMessages.text("t", 1, "hi", 0.0));
    }
}
