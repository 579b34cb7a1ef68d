package bml.data;

import java.util.Objects;

/**
 * The train and test split of one dataset, with the same image shape and class count, and the training images
 * beyond the first {@code data.train-size} when a run needs them.
 *
 * <p>The train split feeds the view stream and the k-NN bank; the test split gives the k-NN queries; {@code beyond}
 * holds the images the i.i.d. views are drawn from (empty unless {@link Datasets#load(bml.config.DataSettings, long,
 * int)} was asked for some).
 */
public record DataSplits(ImageSet train, ImageSet test, ImageSet beyond) {
    public DataSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(beyond, "beyond");
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()
                || train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException("train " + train.describe() + " and test " + test.describe()
                    + " differ in shape or class count");
        }
    }

    /** The splits with no training images beyond the first N. */
    public DataSplits(ImageSet train, ImageSet test) {
        this(train, test, train.from(train.size()));
    }
}
