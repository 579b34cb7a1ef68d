package bml.reproduce;

import bml.config.DataSettings;
import bml.data.ShapesDataset;

/**
 * The number of classes of each data source, so a report can state chance (1 / classes) without loading the data.
 *
 * <p>Why here: the rules need chance for the per-view-label claim and the report is written from run files, which do
 * not record the class count. {@code DataClassesTest} loads the sources that need no files and checks the two agree.
 */
final class DataClasses {
    private DataClasses() {}

    /** The classes of {@code data.source()}. */
    static int of(DataSettings data) {
        return switch (data.source()) {
            case SHAPES -> ShapesDataset.SHAPES;
            case FASHION_MNIST, MNIST, CIFAR10 -> 10;
            case CIFAR100 -> 100;
        };
    }
}
