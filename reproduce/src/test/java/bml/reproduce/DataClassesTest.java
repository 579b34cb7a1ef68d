package bml.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bml.config.DataSettings;
import bml.data.Datasets;
import org.junit.jupiter.api.Test;

/** The report's class counts agree with the data sets that load without files. */
class DataClassesTest {
    @Test
    void agreesWithTheLoadedDataSets() {
        for (String source : new String[] {"shapes", "fashion-mnist"}) {
            DataSettings data = new DataSettings(source, "", 20, 20);
            assertEquals(Datasets.load(data, 1).train().numClasses(), DataClasses.of(data), source);
        }
        assertEquals(100, DataClasses.of(new DataSettings("cifar100", "/nowhere", 0, 0)));
    }
}
