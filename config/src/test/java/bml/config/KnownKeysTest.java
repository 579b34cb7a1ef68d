package bml.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownKeysTest {

    private final KnownKeys known = new KnownKeys(ConfigFactory.parseResources("reference.conf").getObject("bml"));

    @Test
    void suggestsTheNearKeyForATypo() {
        assertEquals(List.of("training.lr"), known.suggestions("training.lrr"));
        assertEquals(List.of("data.train-size"), known.suggestions("data.trainSize"));
    }

    @Test
    void suggestsEveryKeyOfTheSameNameInOtherSections() {
        assertEquals(List.of("training.steps"), known.suggestions("steps"));
        assertEquals(List.of("augmentation.workers", "probe.workers"), known.suggestions("data.workers"));
    }

    @Test
    void suggestsNothingForAFarKey() {
        assertEquals(List.of(), known.suggestions("completely.different"));
    }

    @Test
    void measuresEditDistance() {
        assertEquals(0, KnownKeys.distance("abc", "abc"));
        assertEquals(3, KnownKeys.distance("kitten", "sitting"));
        assertEquals(4, KnownKeys.distance("", "four"));
    }
}
