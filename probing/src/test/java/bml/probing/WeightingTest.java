package bml.probing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WeightingTest {

    @Test
    void parsesTheConfigurationSpellings() {
        assertEquals(Weighting.MAJORITY, Weighting.parse("majority"));
        assertEquals(Weighting.TEMPERATURE, Weighting.parse("temperature"));
        assertEquals(Weighting.TEMPERATURE, Weighting.parse(" Temperature "));
    }

    @Test
    void rejectsAnUnknownNameListingTheExpectedOnes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Weighting.parse("uniform"));
        assertTrue(error.getMessage().contains("majority or temperature"), error.getMessage());
        assertTrue(error.getMessage().contains("'uniform'"), error.getMessage());
    }
}
