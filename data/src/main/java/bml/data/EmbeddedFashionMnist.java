package bml.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads the Fashion-MNIST slice shipped in this jar (6,000 train and 1,000 test images, 600 / 100 per class,
 * classes interleaved round-robin), verifying each file against the embedded {@code SHA256SUMS} before parsing it.
 *
 * <p>Why: {@code data.source = fashion-mnist} with an empty {@code data.path} then runs on real images with no
 * download; provenance, licence and split rule are in the folder's README.md.
 */
final class EmbeddedFashionMnist {
    /** Classpath folder of the slice. */
    static final String FOLDER = "bml/data/fashion-mnist/";
    /** Training images embedded. */
    static final int TRAIN_SIZE = 6_000;
    /** Test images embedded. */
    static final int TEST_SIZE = 1_000;
    static final String SUMS = "SHA256SUMS";

    private EmbeddedFashionMnist() {}

    /**
     * Reads the first {@code trainSize} / {@code testSize} embedded images (0 = all).
     *
     * @throws DatasetException when more images are asked for than are embedded, or a resource is missing or corrupt
     */
    static DataSplits load(int trainSize, int testSize) {
        return load(trainSize, testSize, EmbeddedFashionMnist::resource);
    }

    /** As {@link #load(int, int)}, reading each file of {@link #FOLDER} (by name) through {@code files}. */
    static DataSplits load(int trainSize, int testSize, Function<String, byte[]> files) {
        checkSize("data.train-size", trainSize, TRAIN_SIZE, "training");
        checkSize("data.test-size", testSize, TEST_SIZE, "test");
        Map<String, String> sums = Sha256Sums.parse(FOLDER + SUMS, files.apply(SUMS));
        ImageSet train = read(files, sums, IdxReader.TRAIN_IMAGES, IdxReader.TRAIN_LABELS, "fashion-mnist-train",
                trainSize);
        ImageSet test = read(files, sums, IdxReader.TEST_IMAGES, IdxReader.TEST_LABELS, "fashion-mnist-test",
                testSize);
        return new DataSplits(train, test);
    }

    private static void checkSize(String key, int requested, int embedded, String split) {
        if (requested > embedded) {
            throw new DatasetException(key + ": " + requested + " " + split + " images requested, the embedded "
                    + "fashion-mnist slice holds " + embedded + " (set data.path to a directory with the full "
                    + "dataset's IDX files for more)");
        }
    }

    private static ImageSet read(Function<String, byte[]> files, Map<String, String> sums, String images,
                                 String labels, String name, int limit) {
        return IdxReader.read(FOLDER + images + ".gz", verified(files, sums, images + ".gz"),
                FOLDER + labels + ".gz", verified(files, sums, labels + ".gz"), name, limit);
    }

    private static byte[] verified(Function<String, byte[]> files, Map<String, String> sums, String file) {
        String expected = sums.get(file);
        if (expected == null) {
            throw new DatasetException(FOLDER + SUMS + ": no SHA-256 listed for " + file
                    + ": the embedded data is incomplete");
        }
        byte[] data = files.apply(file);
        ChecksumVerifier.verify(FOLDER + file, data, expected);
        return data;
    }

    /** The bytes of classpath resource {@link #FOLDER}{@code file}. */
    static byte[] resource(String file) {
        String path = FOLDER + file;
        try (InputStream in = EmbeddedFashionMnist.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new DatasetException(path + ": classpath resource not found: the embedded data is missing "
                        + "from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DatasetException(path + ": cannot read the classpath resource (" + e + ")", e);
        }
    }
}
