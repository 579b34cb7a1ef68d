package bml.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void derivationIsPinnedSoOldRunsStayReproducible() {
        assertEquals(5_199_736_867_839_241_101L, Seeds.derive(42, "labels"));
        assertEquals(new SplittableRandom(5_199_736_867_839_241_101L).nextLong(),
                Seeds.random(42, "labels").nextLong());
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
