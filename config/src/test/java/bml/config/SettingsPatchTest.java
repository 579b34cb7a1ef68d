package bml.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsPatchTest {

    private static final BmlSettings DEFAULTS = SettingsLoader.load(Optional.empty(), List.of());

    @Test
    void acceptsLearningRateGivenAsHoconJsonOrWithBmlPrefix() {
        assertEquals(0.0005, SettingsLoader.applyPatch(DEFAULTS, "training.lr = 0.0005", "test").training().lr());
        assertEquals(0.0005,
                SettingsLoader.applyPatch(DEFAULTS, "{\"training\":{\"lr\":0.0005}}", "test").training().lr());
        assertEquals(0.0005, SettingsLoader.applyPatch(DEFAULTS, "bml.training.lr = 5e-4", "test").training().lr());
    }

    @Test
    void leavesEverythingElseUnchanged() {
        BmlSettings patched = SettingsLoader.applyPatch(DEFAULTS,
                "augmentation { pipeline = standard, ops.hue = 0.1 }\nprobe.k = 5", "test");
        assertEquals(new BmlSettings(DEFAULTS.seed(), DEFAULTS.data(), DEFAULTS.labels(),
                new AugmentationSettings(Pipeline.STANDARD, 0, 1, 64, new AugmentationOps(0.08, 1.0, 0.75, 1.3333333, 4,
                        0.5, 0.8, 0.8, 0.8, 0.8, 0.1, 0.2)),
                DEFAULTS.model(), DEFAULTS.training(),
                new ProbeSettings(250, 5, Weighting.MAJORITY, 0.07, 1000, 1000, 1, 256),
                DEFAULTS.queue(), DEFAULTS.run(), DEFAULTS.http()), patched);
    }

    @Test
    void rejectsModelWidthAndSeedAsFrozen() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.applyPatch(DEFAULTS, "model.width = 64\nseed = 7", "PUT /settings"));
        assertEquals(2, e.problems().size(), e.getMessage());
        ConfigError.Problem width = e.problems().get(0);
        assertEquals("model.width", width.key());
        assertEquals("PUT /settings:1", width.origin());
        assertTrue(width.expected().startsWith("a key that can change while the experiment runs (training.lr,"),
                width.expected());
        assertTrue(width.got().contains("from 32 to 64") && width.got().contains("cannot change"), width.got());
        assertEquals("seed", e.problems().get(1).key());
    }

    @Test
    void acceptsAFrozenKeyGivenItsCurrentValue() {
        BmlSettings patched = SettingsLoader.applyPatch(DEFAULTS, "model.width = 32\ntraining.lr = 0.01", "test");
        assertEquals(0.01, patched.training().lr());
    }

    @Test
    void rejectsOutOfRangeAndUnknownPatchValues() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.applyPatch(DEFAULTS, "{\"training\":{\"lr\":-1,\"lrr\":1}}", "http"));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("bml.training.lr: expected a number in (0, 10], got -1"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean bml.training.lr?"), e.getMessage());
    }

    @Test
    void rejectsUnparseablePatch() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.applyPatch(DEFAULTS, "{\"training\": ", "http"));
        assertTrue(e.getMessage().startsWith("http:1: expected a HOCON or JSON patch"), e.getMessage());
    }

    @Test
    void refusesAnyChangeOfTheViewCountWhileLabelsArePerViewNamingBothKeys() {
        BmlSettings perView = SettingsLoader.load(Optional.empty(),
                List.of("labels.per-view=true", "augmentation.views-per-sample=4"));
        ConfigError up = assertThrows(ConfigError.class,
                () -> SettingsLoader.applyPatch(perView, "augmentation.views-per-sample = 8", "PATCH /api/config"));
        assertEquals(1, up.problems().size(), up.getMessage());
        assertEquals("PATCH /api/config:1: bml.augmentation.views-per-sample: expected no change while "
                + "labels.per-view = true (the run's labels were drawn per sample and view for "
                + "augmentation.views-per-sample = 4; start a new run to use another count), got a change from 4 to 8",
                up.getMessage());
        ConfigError down = assertThrows(ConfigError.class,
                () -> SettingsLoader.applyPatch(perView, "augmentation { views-per-sample = 2 }", "live.conf"));
        assertEquals("augmentation.views-per-sample", down.problems().get(0).key());
        assertEquals(0.01, SettingsLoader.applyPatch(perView,
                "augmentation.views-per-sample = 4\ntraining.lr = 0.01", "test").training().lr(),
                "the same count is no change");
    }

    @Test
    void theSameViewCountChangeIsAcceptedWhenLabelsAreShared() {
        BmlSettings shared = SettingsLoader.load(Optional.empty(), List.of("augmentation.views-per-sample=4"));
        assertEquals(8, SettingsLoader.applyPatch(shared, "augmentation.views-per-sample = 8", "test")
                .augmentation().viewsPerSample());
    }

    @Test
    void rejectsPatchThatBreaksPerViewConsistency() {
        BmlSettings perView = SettingsLoader.load(Optional.empty(),
                List.of("labels.per-view=true", "augmentation.views-per-sample=4"));
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.applyPatch(perView, "augmentation.views-per-sample = 0", "test"));
        assertEquals(List.of("augmentation.views-per-sample", "labels.per-view"),
                e.problems().stream().map(ConfigError.Problem::key).toList());
    }

    @Test
    void hotReloadableKeysAreKnownAndCoverEveryAugmentationKeyOfTheViewWriters() {
        Config reference = ConfigFactory.parseResources("reference.conf").getConfig("bml");
        for (String key : SettingsLoader.HOT_RELOADABLE) {
            assertTrue(reference.hasPath(key), key);
        }
        for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
            // mixup is applied by the trainer's session, built once per run, not by the view writers
            if (e.getKey().startsWith("augmentation.") && !e.getKey().equals("augmentation.mixup")) {
                assertTrue(SettingsLoader.HOT_RELOADABLE.contains(e.getKey()), e.getKey());
            }
        }
    }

    @Test
    void diffReportsOldAndNewRenderedValuesOfChangedKeysOnly() {
        BmlSettings patched = SettingsLoader.applyPatch(DEFAULTS,
                "training.lr = 0.01\naugmentation.pipeline = none", "test");
        Map<String, String[]> diff = SettingsLoader.diff(DEFAULTS, patched);
        assertEquals(List.of("augmentation.pipeline", "training.lr"), List.copyOf(diff.keySet()));
        assertArrayEquals(new String[] {"\"full\"", "\"none\""}, diff.get("augmentation.pipeline"));
        assertArrayEquals(new String[] {"0.001", "0.01"}, diff.get("training.lr"));
        assertTrue(SettingsLoader.diff(DEFAULTS, DEFAULTS).isEmpty());
    }
}
