package bml.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UntrainedAugmentationTest {
    private static Map<String, List<String>> pipeline(String from, String to) {
        return Map.of("augmentation.pipeline", List.of(from, to));
    }

    @Test
    void aVersionReachedRecordsItsChangeAndEveryEarlierOneAtThatStepOnce() {
        UntrainedAugmentation untrained = new UntrainedAugmentation();
        untrained.add(1, pipeline("full", "standard"), "a");
        untrained.add(2, pipeline("standard", "none"), "b");
        untrained.add(3, pipeline("none", "full"), "c");

        // Version 1's views were never trained on before version 2's: both apply from step 40.
        List<MetricsHub.ConfigChanged> records = untrained.trainedAt(2, 40);
        assertEquals(List.of("a", "b"), records.stream().map(MetricsHub.ConfigChanged::origin).toList());
        assertTrue(records.stream().allMatch(record -> record.step() == 40));
        assertTrue(untrained.trainedAt(2, 41).isEmpty(), "recorded once");

        List<MetricsHub.ConfigChanged> left = untrained.remainingAt(51);
        assertEquals(1, left.size());
        assertEquals(new MetricsHub.ConfigChanged(51, pipeline("none", "full"), "c"), left.get(0));
        assertTrue(untrained.remainingAt(51).isEmpty());
    }
}
