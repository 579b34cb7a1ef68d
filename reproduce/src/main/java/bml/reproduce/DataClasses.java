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

    /** The classes of {@code data.source()}; 0 for a source this table does not know. */
    static int of(DataSettings data) {
        return switch (data.source()) {
            case "shapes" -> ShapesDataset.SHAPES;
            case "fashion-mnist", "mnist", "cifar10" -> 10;
            case "cifar100" -> 100;
            default -> 0;
        };
    }
}
