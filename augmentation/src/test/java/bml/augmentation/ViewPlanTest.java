package bml.augmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ViewPlanTest {
    @Test
    void freshViewsVisitEverySampleOncePerEpochWithTheEpochAsViewId() {
        ViewPlan plan = new ViewPlan(50, 0, 3);
        for (int epoch = 0; epoch < 3; epoch++) {
            boolean[] seen = new boolean[50];
            for (int i = 0; i < 50; i++) {
                long g = epoch * 50L + i;
                int sample = plan.sample(g);
                assertTrue(!seen[sample], "sample " + sample + " twice in epoch " + epoch);
                seen[sample] = true;
                assertEquals(epoch, plan.view(g));
            }
        }
    }

    @Test
    void epochsUseDifferentOrders() {
        ViewPlan plan = new ViewPlan(50, 0, 3);
        int[] first = new int[50];
        int[] second = new int[50];
        for (int i = 0; i < 50; i++) {
            first[i] = plan.sample(i);
            second[i] = plan.sample(50 + i);
        }
        assertTrue(!Arrays.equals(first, second));
    }

    @Test
    void planIsAPureFunctionOfTheGlobalViewNumber() {
        ViewPlan sequential = new ViewPlan(30, 5, 8);
        ViewPlan jumping = new ViewPlan(30, 5, 8);
        long[] order = {95, 3, 61, 0, 119, 30, 64};
        for (long g : order) {
            assertEquals(new ViewPlan(30, 5, 8).sample(g), jumping.sample(g));
            assertEquals(new ViewPlan(30, 5, 8).view(g), jumping.view(g));
        }
        for (long g = 0; g < 120; g++) {
            assertEquals(new ViewPlan(30, 5, 8).sample(g), sequential.sample(g));
        }
        assertNotEquals(new ViewPlan(30, 5, 8).sample(0) + 31 * new ViewPlan(30, 5, 8).sample(1),
                new ViewPlan(30, 5, 9).sample(0) + 31 * new ViewPlan(30, 5, 9).sample(1));
    }

    @Test
    void fixedViewCountDrawsViewIdsBelowIt() {
        ViewPlan plan = new ViewPlan(10, 4, 1);
        int[] counts = new int[4];
        for (long g = 0; g < 400; g++) {
            long view = plan.view(g);
            assertTrue(view >= 0 && view < 4, "view id " + view);
            counts[(int) view]++;
        }
        for (int count : counts) {
            assertTrue(count > 60, "view ids should be roughly uniform: " + Arrays.toString(counts));
        }
    }
}
