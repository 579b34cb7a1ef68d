package bml.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void sameInputsGiveTheSameSeedAndTheSameStream() {
        assertEquals(Seeds.derive(42, "view", 3, 7), Seeds.derive(42, "view", 3, 7));
        assertEquals(Seeds.random(42, "labels").nextLong(), Seeds.random(42, "labels").nextLong());
    }

    @Test
    void derivationIsPinnedSoOldRunsStayReproducible() {
        assertEquals(Seeds.derive(42, "labels"), Seeds.derive(42L, new String("labels")));
        assertEquals(5_199_736_867_839_241_101L, Seeds.derive(42, "labels"));
    }

    @Test
    void distinctSeedsPurposesIndicesAndOrdersGiveDistinctSeeds() {
        Set<Long> seen = new HashSet<>();
        for (long seed = 0; seed < 4; seed++) {
            for (String purpose : new String[] {"labels", "view", "init", "probe"}) {
                seen.add(Seeds.derive(seed, purpose));
                for (long i = 0; i < 50; i++) {
                    seen.add(Seeds.derive(seed, purpose, i));
                    seen.add(Seeds.derive(seed, purpose, i, 1));
                }
            }
        }
        assertEquals(4 * 4 * (1 + 50 + 50), seen.size());
        assertNotEquals(Seeds.derive(1, "view", 2, 3), Seeds.derive(1, "view", 3, 2));
    }
}
