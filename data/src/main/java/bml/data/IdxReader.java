package bml.data;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads MNIST and Fashion-MNIST from their IDX files (or the same bytes in memory), plain or gzipped, into
 * 1-channel {@link ImageSet}s.
 *
 * <p>Format (big-endian): images start with magic {@code 0x00000803}, then count, rows, columns, then one byte per
 * pixel, image after image; labels start with magic {@code 0x00000801}, then count, then one byte per label.
 * Gzip is recognised by its magic bytes, not the file name. Every count, dimension and label is checked, and a
 * truncated, corrupt or inconsistent file fails with a {@link DatasetException} that names the file and the problem.
 */
public final class IdxReader {
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four standard file names, each also accepted with a {@code .gz} suffix. */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int CLASSES = 10;
    private static final int MAX_SIDE = 4096;

    private IdxReader() {}

    /**
     * Reads both splits from {@code dir}, keeping the first {@code trainSize} / {@code testSize} images (0 = all).
     *
     * @param name dataset name used for the sets, e.g. {@code fashion-mnist}
     */
    public static DataSplits read(Path dir, String name, int trainSize, int testSize) {
        List<String> missing = new ArrayList<>();
        Path[] files = new Path[FILES.size()];
        for (int i = 0; i < files.length; i++) {
            files[i] = find(dir, FILES.get(i));
            if (files[i] == null) {
                missing.add(FILES.get(i) + "[.gz]");
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetException(dir + ": missing " + String.join(", ", missing) + " (source " + name
                    + " expects the IDX files " + expectedFiles() + ")");
        }
        ImageSet train = read(files[0], files[1], name + "-train", trainSize);
        ImageSet test = read(files[2], files[3], name + "-test", testSize);
        return new DataSplits(train, test);
    }

    /** Reads one images/labels pair, keeping the first {@code limit} images (0 = all); labels are 0..9. */
    public static ImageSet read(Path imagesFile, Path labelsFile, String name, int limit) {
        int[] labels = readLabels(DataFile.open(labelsFile));
        return readImages(DataFile.open(imagesFile), labels, labelsFile.getFileName().toString(), name, limit);
    }

    /**
     * Reads one images/labels pair held in memory (plain or gzipped), keeping the first {@code limit} images
     * (0 = all); errors name {@code imagesName} or {@code labelsName}, for example an embedded resource.
     */
    public static ImageSet read(String imagesName, byte[] images, String labelsName, byte[] labels, String name,
                                int limit) {
        int[] labelValues = readLabels(DataFile.open(labelsName, labels));
        return readImages(DataFile.open(imagesName, images), labelValues, labelsName, name, limit);
    }

    private static ImageSet readImages(DataFile images, int[] labels, String labelsName, String name, int limit) {
        try (DataFile in = images) {
            ByteBuffer header = header(in, 16, IMAGES_MAGIC, "images, 3 dimensions");
            int count = header.getInt(4);
            int rows = header.getInt(8);
            int cols = header.getInt(12);
            if (count < 0 || rows <= 0 || cols <= 0 || rows > MAX_SIDE || cols > MAX_SIDE) {
                throw in.error("invalid dimensions " + count + " x " + rows + " x " + cols);
            }
            if (count != labels.length) {
                throw in.error(count + " images, but " + labelsName + " holds " + labels.length
                        + " labels");
            }
            int take = take(in, limit, count, "images");
            int imageBytes = rows * cols;
            byte[] pixels = in.readUpTo((long) take * imageBytes);
            long rest = (long) (count - take) * imageBytes;
            long skipped = pixels.length == (long) take * imageBytes ? in.skip(rest) : 0;
            if (pixels.length + skipped < (long) count * imageBytes) {
                long whole = (pixels.length + skipped) / imageBytes;
                throw in.error("expected " + count + " images of " + rows + "x" + cols + ", file ends after "
                        + whole);
            }
            if (!in.atEnd()) {
                throw in.error("unexpected bytes after the " + count + " images");
            }
            int[] kept = Arrays.copyOf(labels, take);
            return new ImageSet(name, take, 1, rows, cols, pixels, kept, CLASSES);
        }
    }

    private static int[] readLabels(DataFile labelsFile) {
        try (DataFile in = labelsFile) {
            ByteBuffer header = header(in, 8, LABELS_MAGIC, "labels, 1 dimension");
            int count = header.getInt(4);
            if (count < 0) {
                throw in.error("invalid label count " + count);
            }
            byte[] raw = in.readUpTo(count);
            if (raw.length < count) {
                throw in.error("expected " + count + " labels, file ends after " + raw.length);
            }
            if (!in.atEnd()) {
                throw in.error("unexpected bytes after the " + count + " labels");
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
                if (labels[i] >= CLASSES) {
                    throw in.error("label " + i + " is " + labels[i] + ", expected 0.." + (CLASSES - 1));
                }
            }
            return labels;
        }
    }

    private static ByteBuffer header(DataFile in, int bytes, int magic, String kind) {
        byte[] h = new byte[bytes];
        int got = in.read(h, 0, bytes);
        if (got < bytes) {
            throw in.error("file ends after " + got + " bytes, inside the " + bytes + "-byte IDX header");
        }
        ByteBuffer header = ByteBuffer.wrap(h);
        int found = header.getInt(0);
        if (found != magic) {
            throw in.error(String.format("magic number 0x%08x, expected 0x%08x (IDX unsigned-byte %s)", found,
                    magic, kind));
        }
        return header;
    }

    static int take(DataFile in, int limit, int count, String what) {
        if (limit < 0) {
            throw in.error("cannot read the first " + limit + " " + what);
        }
        if (limit > count) {
            throw in.error(limit + " " + what + " requested, the file holds " + count);
        }
        return limit == 0 ? count : limit;
    }

    /** {@code dir/base} if it exists, else {@code dir/base.gz} if it exists, else null. */
    private static Path find(Path dir, String base) {
        Path plain = dir.resolve(base);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(base + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    /** The expected file names, for error messages. */
    public static String expectedFiles() {
        return String.join(", ", FILES.stream().map(f -> f + "[.gz]").toList());
    }
}
