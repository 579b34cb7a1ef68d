package bml.data;

import bml.config.Pipeline;
import bml.config.BmlSettings;
import bml.config.DataSettings;
import bml.config.DataSource;
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

    /**
     * Images first generated beyond N per image the i.i.d. pools need (1.5 N K). Why half as many again: the pools
     * hold K images of each sample's class, and the classes of the generated images are not exactly balanced.
     */
    public static final double IID_LOAD_FACTOR = 1.5;

    /**
     * The data a run with {@code settings} trains and probes on: {@link #load(DataSettings, long)}, and with
     * {@code augmentation.pipeline = iid} also the training images beyond the first N its views are drawn from
     * ({@link #loadForIidViews}).
     */
    public static DataSplits forRun(BmlSettings settings) {
        return loadForIidViews(settings.data(), settings.seed(), iidViews(settings));
    }

    /** K, the i.i.d. views per sample of a run with {@code settings}; 0 unless its pipeline is iid. */
    public static int iidViews(BmlSettings settings) {
        return settings.augmentation().pipeline() == Pipeline.IID
                ? settings.augmentation().viewsPerSample() : 0;
    }

    /**
     * {@code data} with enough training images beyond the first N that every class holds K for each of its
     * samples: shapes generates {@code 1.5 N K} more, doubled until they suffice (the same seed always stops at the
     * same count); a data set read from files is read whole.
     *
     * @param k i.i.d. views per sample; 0 = none ({@link #load(DataSettings, long)})
     * @throws DatasetException naming the class and the counts when the split cannot supply them
     */
    public static DataSplits loadForIidViews(DataSettings data, long seed, int k) {
        if (k == 0) {
            return load(data, seed);
        }
        long wanted = (long) Math.ceil(IID_LOAD_FACTOR * data.trainSize() * (long) k);
        while (true) {
            DataSplits splits = load(data, seed, Math.toIntExact(wanted));
            String shortage = iidShortage(splits.train(), splits.beyond(), k);
            if (shortage == null) {
                return splits;
            }
            if (data.source() != DataSource.SHAPES || wanted * 2 > Integer.MAX_VALUE - data.trainSize()) {
                throw new DatasetException("augmentation.pipeline = iid: " + shortage + ": lower "
                        + "augmentation.views-per-sample or data.train-size, or use a larger data set");
            }
            wanted *= 2;
        }
    }

    /** Which class the images beyond N cannot give K images per sample of, or null when every class can. */
    private static String iidShortage(ImageSet samples, ImageSet beyond, int k) {
        int[] needed = new int[samples.numClasses()];
        int[] held = new int[samples.numClasses()];
        for (int label : samples.labels()) {
            needed[label] += k;
        }
        for (int label : beyond.labels()) {
            held[label]++;
        }
        for (int c = 0; c < needed.length; c++) {
            if (held[c] < needed[c]) {
                return "class " + c + " needs " + needed[c] + " training images beyond the first "
                        + samples.size() + " (K = " + k + " for each of its " + needed[c] / k + " samples), the "
                        + "split holds " + held[c];
            }
        }
        return null;
    }

    /**
     * Loads {@code data} and also training images beyond its first {@code data.train-size} N, for i.i.d. views:
     * shapes generates {@code wanted} more (sample i depends on i alone, so the first N are unchanged); a data set
     * read from files is read whole, since the number it holds beyond N is not known before reading.
     *
     * @param wanted training images wanted beyond the first N; 0 = none ({@link #load(DataSettings, long)})
     * @throws DatasetException when N is 0 (all of the split) or the split holds no image beyond N
     */
    public static DataSplits load(DataSettings data, long seed, int wanted) {
        if (wanted == 0) {
            return load(data, seed);
        }
        int n = data.trainSize();
        if (n == 0) {
            throw new DatasetException("data.train-size = 0 trains on the whole split, which leaves no training "
                    + "images beyond it for the i.i.d. views (augmentation.pipeline = iid): set data.train-size");
        }
        int request = data.source() == DataSource.SHAPES ? Math.addExact(n, wanted) : 0;
        DataSplits all = load(new DataSettings(data.source(), data.path(), request, data.testSize()), seed);
        if (all.train().size() <= n) {
            throw new DatasetException(data.source() + " holds " + all.train().size() + " training images, none "
                    + "beyond data.train-size = " + n + " for the i.i.d. views (augmentation.pipeline = iid)");
        }
        return new DataSplits(all.train().head(n), all.test(), all.train().from(n));
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
