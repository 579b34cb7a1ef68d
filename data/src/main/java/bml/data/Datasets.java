package bml.data;

import bml.config.DataSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the train and test split named by {@code data.source}, truncated to the first {@code data.train-size} /
 * {@code data.test-size} images (0 = all).
 *
 * <p>{@code shapes} is generated from the experiment seed ({@link ShapesDataset}; "all" is 50,000 train and 10,000
 * test images, CIFAR-10's split sizes); {@code fashion-mnist} and {@code mnist} read the IDX files in
 * {@code data.path} ({@link IdxReader}), and {@code fashion-mnist} with an empty {@code data.path} reads the
 * 6,000 / 1,000-image slice embedded in this jar ({@link EmbeddedFashionMnist}); {@code cifar10} and
 * {@code cifar100} read the binary batches in {@code data.path} ({@link CifarReader}).
 */
public final class Datasets {
    /** Shapes train images generated when {@code data.train-size} is 0. */
    public static final int SHAPES_TRAIN_ALL = 50_000;
    /** Shapes test images generated when {@code data.test-size} is 0. */
    public static final int SHAPES_TEST_ALL = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(Datasets.class);

    private Datasets() {}

    /**
     * Loads the dataset described by {@code data}.
     *
     * @throws DatasetException naming the setting or file and what is wrong
     */
    public static DataSplits load(DataSettings data, long seed) {
        if (data.trainSize() < 0 || data.testSize() < 0) {
            throw new DatasetException("data.train-size / data.test-size: expected >= 0 (0 = all), got "
                    + data.trainSize() + " / " + data.testSize());
        }
        DataSplits splits = switch (data.source()) {
            case SHAPES -> new DataSplits(
                    ShapesDataset.generate(orAll(data.trainSize(), SHAPES_TRAIN_ALL), seed, "shapes-train"),
                    ShapesDataset.generate(orAll(data.testSize(), SHAPES_TEST_ALL), seed, "shapes-test"));
            case FASHION_MNIST -> isBlank(data.path())
                    ? EmbeddedFashionMnist.load(data.trainSize(), data.testSize())
                    : idx(data);
            case MNIST -> idx(data);
            case CIFAR10 -> CifarReader.readCifar10(directory(data, CifarReader.expectedFiles(false)),
                    data.trainSize(), data.testSize());
            case CIFAR100 -> CifarReader.readCifar100(directory(data, CifarReader.expectedFiles(true)),
                    data.trainSize(), data.testSize());
        };
        LOG.info("Loaded [{}] and [{}]", splits.train().describe(), splits.test().describe());
        return splits;
    }

    private static int orAll(int size, int all) {
        return size == 0 ? all : size;
    }

    private static DataSplits idx(DataSettings data) {
        return IdxReader.read(directory(data, "the IDX files " + IdxReader.expectedFiles()), data.source().configName(),
                data.trainSize(), data.testSize());
    }

    private static boolean isBlank(String path) {
        return path == null || path.isBlank();
    }

    private static Path directory(DataSettings data, String expected) {
        if (isBlank(data.path())) {
            throw new DatasetException("data.path is empty: source " + data.source() + " reads " + expected
                    + " from the directory data.path names");
        }
        Path dir = Path.of(data.path());
        if (!Files.isDirectory(dir)) {
            throw new DatasetException("data.path: " + dir + " is not a directory (source " + data.source()
                    + " expects " + expected + " there)");
        }
        return dir;
    }
}
