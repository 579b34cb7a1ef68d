package bml.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Writes small synthetic IDX files for the reader tests. */
final class IdxFiles {
    private IdxFiles() {}

    /** IDX image bytes: {@code count} images of rows x cols, pixel values (image + offset) mod 256. */
    static byte[] images(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            b.put((byte) (i / (rows * cols) * 7 + i % (rows * cols)));
        }
        return b.array();
    }

    /** IDX label bytes: label of sample i is i mod 10. */
    static byte[] labels(int count) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(count);
        for (int i = 0; i < count; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    static byte[] cut(byte[] data, int length) {
        return Arrays.copyOf(data, length);
    }

    /** Writes a complete MNIST-style directory with the given split sizes, gzipped or plain. */
    static void writeDataset(Path dir, int train, int test, boolean gz) throws IOException {
        write(dir, IdxReader.TRAIN_IMAGES, images(train, 28, 28), gz);
        write(dir, IdxReader.TRAIN_LABELS, labels(train), gz);
        write(dir, IdxReader.TEST_IMAGES, images(test, 28, 28), gz);
        write(dir, IdxReader.TEST_LABELS, labels(test), gz);
    }

    static Path write(Path dir, String base, byte[] data, boolean gz) throws IOException {
        Path file = dir.resolve(gz ? base + ".gz" : base);
        Files.write(file, gz ? gzip(data) : data);
        return file;
    }
}
