package bml.export;

import static bml.export.ProtoWriterTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfRecordWriterTest {

    @Test
    void framesDataWithItsLengthAndBothMaskedCrcs() {
        // Masked CRCs of the 8 length bytes and of "abc", from the Python reader's own CRC-32C.
        assertArrayEquals(bytes(0x03, 0, 0, 0, 0, 0, 0, 0, 0xB0, 0x99, 0x49, 0x0E, 'a', 'b', 'c',
                        0x6E, 0x57, 0xF1, 0x21),
                TfRecordWriter.frame("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aWrittenRecordIsInTheFileBeforeTheWriterCloses(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("records");
        try (TfRecordWriter writer = new TfRecordWriter(Files.newOutputStream(file))) {
            writer.write(new byte[] {1, 2});
            assertArrayEquals(TfRecordWriter.frame(new byte[] {1, 2}), Files.readAllBytes(file));
        }
    }
}
