package bml.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CIFAR-10 and CIFAR-100 binary distributions into 3x32x32 {@link ImageSet}s.
 *
 * <p>CIFAR-10: {@code data_batch_1.bin .. data_batch_5.bin} and {@code test_batch.bin}, records of 1 label byte and
 * 3072 pixel bytes. CIFAR-100: {@code train.bin} and {@code test.bin}, records of a coarse and a fine label byte
 * and 3072 pixel bytes; the fine label (100 classes) is used. Pixels are already planar (1024 R, 1024 G, 1024 B,
 * each row-major). {@code data.path} may be the folder holding the files or its parent holding
 * {@code cifar-10-batches-bin} / {@code cifar-100-binary}. File sizes must be whole numbers of records and every
 * label read must be in range, otherwise a {@link DatasetException} names the file and the problem.
 */
public final class CifarReader {
    private CifarReader() {}

    /** Reads CIFAR-10, keeping the first {@code trainSize} / {@code testSize} images (0 = all). */
    public static DataSplits readCifar10(Path dir, int trainSize, int testSize) {
        return read(CifarLayout.CIFAR10, dir, trainSize, testSize);
    }

    /** Reads CIFAR-100 with its 100 fine labels, keeping the first {@code trainSize} / {@code testSize} images. */
    public static DataSplits readCifar100(Path dir, int trainSize, int testSize) {
        return read(CifarLayout.CIFAR100, dir, trainSize, testSize);
    }

    /** The expected file names of the CIFAR-10 or CIFAR-100 distribution, for error messages. */
    public static String expectedFiles(boolean hundred) {
        CifarLayout layout = hundred ? CifarLayout.CIFAR100 : CifarLayout.CIFAR10;
        return String.join(", ", layout.files()) + " (in the folder or in " + layout.folder() + "/ below it)";
    }

    private static DataSplits read(CifarLayout layout, Path dir, int trainSize, int testSize) {
        Path folder = resolve(layout, dir);
        ImageSet train = readSplit(layout, folder, layout.train(), layout.name() + "-train", trainSize);
        ImageSet test = readSplit(layout, folder, layout.test(), layout.name() + "-test", testSize);
        return new DataSplits(train, test);
    }

    private static Path resolve(CifarLayout layout, Path dir) {
        if (missing(dir, layout).isEmpty()) {
            return dir;
        }
        Path child = dir.resolve(layout.folder());
        if (Files.isDirectory(child)) {
            List<String> missingInChild = missing(child, layout);
            if (!missingInChild.isEmpty()) {
                throw new DatasetException(child + ": missing " + String.join(", ", missingInChild) + " (source "
                        + layout.name() + " expects " + expectedFiles(layout == CifarLayout.CIFAR100) + ")");
            }
            return child;
        }
        throw new DatasetException(dir + ": missing " + String.join(", ", missing(dir, layout)) + " (source "
                + layout.name() + " expects " + expectedFiles(layout == CifarLayout.CIFAR100) + ")");
    }

    private static List<String> missing(Path dir, CifarLayout layout) {
        List<String> missing = new ArrayList<>();
        for (String file : layout.files()) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                missing.add(file);
            }
        }
        return missing;
    }

    private static ImageSet readSplit(CifarLayout layout, Path folder, List<String> files, String name, int limit) {
        int record = layout.recordBytes();
        long available = 0;
        for (String file : files) {
            available += records(folder.resolve(file), record);
        }
        if (limit < 0 || limit > available) {
            throw new DatasetException(name + ": " + limit + " images requested, " + String.join(" + ", files)
                    + " hold " + available);
        }
        int take = limit == 0 ? Math.toIntExact(available) : limit;
        byte[] pixels = new byte[Math.multiplyExact(take, CifarLayout.PIXELS)];
        int[] labels = new int[take];
        byte[] buffer = new byte[record];
        int done = 0;
        for (String file : files) {
            if (done == take) {
                break;
            }
            try (DataFile in = DataFile.open(folder.resolve(file))) {
                for (int r = 0; done < take; r++) {
                    int got = in.read(buffer, 0, record);
                    if (got == 0) {
                        break;
                    }
                    if (got < record) {
                        throw in.error("file ends inside record " + r + " (" + got + " of " + record + " bytes)");
                    }
                    labels[done] = label(in, layout, buffer, r);
                    System.arraycopy(buffer, layout.labelBytes(), pixels, done * CifarLayout.PIXELS,
                            CifarLayout.PIXELS);
                    done++;
                }
            }
        }
        return new ImageSet(name, take, 3, 32, 32, pixels, labels, layout.numClasses());
    }

    private static int label(DataFile in, CifarLayout layout, byte[] record, int index) {
        int value = 0;
        for (int i = 0; i < layout.labelBytes(); i++) {
            value = record[i] & 0xFF;
            int limit = layout.labelLimits()[i];
            if (value >= limit) {
                throw in.error("record " + index + " has label " + value + (layout.labelBytes() > 1
                        ? (i == 0 ? " (coarse)" : " (fine)") : "") + ", expected 0.." + (limit - 1));
            }
        }
        return value;
    }

    private static long records(Path file, int record) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DatasetException(file.getFileName() + ": cannot read its size (" + e + ")", e);
        }
        if (size == 0 || size % record != 0) {
            throw new DatasetException(file.getFileName() + ": size " + size + " bytes is not a whole number of "
                    + record + "-byte records (" + size / record + " records and " + size % record
                    + " bytes left over)");
        }
        return size / record;
    }
}
