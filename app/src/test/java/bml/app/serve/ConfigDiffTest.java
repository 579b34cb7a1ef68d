package bml.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings table of the compare page: exactly the keys whose values differ, one column per run, in order. */
class ConfigDiffTest {

    @Test
    void listsOnlyDifferingKeysInKeyOrderWithOneValuePerRunInRunOrder() {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        settings.put("fresh", Map.of("labels.noise", "1.0", "augmentation.pipeline", "full", "seed", "42",
                "augmentation.views-per-sample", "0", "run.dir", "runs/fresh"));
        settings.put("n16", Map.of("labels.noise", "1.0", "augmentation.pipeline", "full", "seed", "42",
                "augmentation.views-per-sample", "16", "run.dir", "runs/n16"));
        settings.put("half", Map.of("labels.noise", "0.5", "augmentation.pipeline", "full", "seed", "42",
                "augmentation.views-per-sample", "0", "run.dir", "runs/half"));

        ConfigDiff diff = ConfigDiff.of(settings);

        assertEquals(List.of("fresh", "n16", "half"), diff.runs());
        assertEquals(List.of(
                new ConfigDiff.Row("augmentation.views-per-sample", List.of("0", "16", "0")),
                new ConfigDiff.Row("labels.noise", List.of("1.0", "1.0", "0.5"))), diff.rows());
        assertEquals(2, diff.same(), "pipeline and seed are shared; run.dir is never compared");
    }

    @Test
    void aKeyOnlySomeRunsHaveDiffersAndIsAbsentInTheOthers() {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        settings.put("old", Map.of("training.lr", "0.001"));
        settings.put("new", Map.of("training.lr", "0.001", "probe.temperature", "0.07"));

        ConfigDiff diff = ConfigDiff.of(settings);

        assertEquals(List.of(new ConfigDiff.Row("probe.temperature", Arrays.asList(null, "0.07"))), diff.rows());
        assertEquals(1, diff.same());
        assertEquals("{\"runs\":[\"old\",\"new\"],\"rows\":[{\"key\":\"probe.temperature\","
                + "\"values\":[null,\"0.07\"]}],\"same\":1}", diff.toJson().toString());
    }

    @Test
    void identicalRunsHaveNoRows() {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        settings.put("a", Map.of("seed", "1", "run.dir", "a"));
        settings.put("copy", Map.of("seed", "1", "run.dir", "copy"));

        assertEquals(List.of(), ConfigDiff.of(settings).rows());
    }
}
