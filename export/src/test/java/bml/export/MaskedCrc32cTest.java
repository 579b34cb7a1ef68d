package bml.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MaskedCrc32cTest {

    @Test
    void crc32cOfTheStandardCheckStringIsTheCatalogueValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, MaskedCrc32c.crc32c(check, 0, check.length));
    }

    @Test
    void masksByRotatingRightFifteenBitsAndAddingTheDelta() {
        // By hand: 0xE3069283 >>> 15 = 0x0001C60D; its low 15 bits 0x1283 << 17 = 0x25060000; together 0x2507C60D;
        // plus 0xA282EAD8 = 0xC78AB0E5 (the Python reader's table-driven CRC-32C gives the same).
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x2507C60D + 0xA282EAD8, MaskedCrc32c.mask(0xE3069283));
        assertEquals(0xC78AB0E5, MaskedCrc32c.of(check, 0, check.length));
    }

    @Test
    void matchesTheRfc3720TestVectors() {
        byte[] zeros = new byte[32];
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xFF);
        byte[] ascending = new byte[32];
        for (int i = 0; i < 32; i++) {
            ascending[i] = (byte) i;
        }
        // CRCs from RFC 3720 appendix B.4; masked values from the Python reader's own CRC-32C.
        assertEquals(0x8A9136AA, MaskedCrc32c.crc32c(zeros, 0, 32));
        assertEquals(0x62A8AB43, MaskedCrc32c.crc32c(ones, 0, 32));
        assertEquals(0x46DD794E, MaskedCrc32c.crc32c(ascending, 0, 32));
        assertEquals(0x0FD7FFFA, MaskedCrc32c.of(zeros, 0, 32));
        assertEquals(0xF909B029, MaskedCrc32c.of(ones, 0, 32));
        assertEquals(0x951F7892, MaskedCrc32c.of(ascending, 0, 32));
    }

    @Test
    void checksumsOnlyTheGivenRange() {
        byte[] padded = "xx123456789yy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xC78AB0E5, MaskedCrc32c.of(padded, 2, 9));
    }
}
