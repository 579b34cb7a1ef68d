package bml.data;

import java.util.Objects;

/**
 * The train and test split of one dataset, with the same image shape and class count.
 *
 * <p>The train split feeds the view stream and the k-NN bank; the test split gives the k-NN queries.
 */
public record DataSplits(ImageSet train, ImageSet test) {
    public DataSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()
                || train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException("train " + train.describe() + " and test " + test.describe()
                    + " differ in shape or class count");
        }
    }
}
