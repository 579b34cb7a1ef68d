package bml.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ProtoWriterTest {

    @Test
    void encodesAVarintAsTheEncodingGuideShows() {
        assertArrayEquals(bytes(0x08, 0x96, 0x01), new ProtoWriter().varint(1, 150).toByteArray());
    }

    @Test
    void encodesANegativeInt64InTenBytes() {
        assertArrayEquals(bytes(0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
                new ProtoWriter().varint(1, -1).toByteArray());
    }

    @Test
    void encodesAFieldNumberAboveFifteenInATwoByteTag() {
        assertArrayEquals(bytes(0x80, 0x01, 0x01), new ProtoWriter().varint(16, 1).toByteArray());
    }

    @Test
    void encodesAStringAsTheEncodingGuideShows() {
        assertArrayEquals(bytes(0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'),
                new ProtoWriter().string(2, "testing").toByteArray());
    }

    @Test
    void encodesANestedMessageAsTheEncodingGuideShows() {
        assertArrayEquals(bytes(0x1A, 0x03, 0x08, 0x96, 0x01),
                new ProtoWriter().message(3, new ProtoWriter().varint(1, 150)).toByteArray());
    }

    @Test
    void encodesDoublesAndFloatsLittleEndian() {
        assertArrayEquals(bytes(0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F), new ProtoWriter().doubleField(1, 1.0).toByteArray());
        assertArrayEquals(bytes(0x15, 0, 0, 0x80, 0x3F), new ProtoWriter().floatField(2, 1.0f).toByteArray());
    }

    @Test
    void encodesAnEmptyMessageAsZeroLength() {
        assertArrayEquals(bytes(0x12, 0x00), new ProtoWriter().message(2, new ProtoWriter()).toByteArray());
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
