package bml.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bml.config.DataSettings;
import bml.config.DataSource;
import bml.data.Datasets;
import org.junit.jupiter.api.Test;

/** The report's class counts agree with the data sets that load without files. */
class DataClassesTest {
    @Test
    void agreesWithTheLoadedDataSets() {
        for (DataSource source : new DataSource[] {DataSource.SHAPES, DataSource.FASHION_MNIST}) {
            DataSettings data = new DataSettings(source, "", 20, 20);
            assertEquals(Datasets.load(data, 1).train().numClasses(), DataClasses.of(data), source.toString());
        }
        assertEquals(100, DataClasses.of(new DataSettings(DataSource.CIFAR100, "/nowhere", 0, 0)));
    }
}
