package bml.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pipeline iid: K views per sample, fixed for the run. */
class IidSettingsTest {

    @Test
    void needsAViewCount() {
        assertEquals(4, SettingsLoader.load(Optional.empty(), List.of("augmentation.pipeline=iid",
                "augmentation.views-per-sample=4")).augmentation().viewsPerSample());
        ConfigError e = assertThrows(ConfigError.class, () -> SettingsLoader.load(Optional.empty(),
                List.of("augmentation.pipeline=iid")));
        assertEquals(List.of("augmentation.views-per-sample"), e.problems().stream().map(ConfigError.Problem::key)
                .toList());
        assertTrue(e.getMessage().contains("K > 0 with pipeline = iid"), e.getMessage());
    }

    @Test
    void cannotBeSwitchedOnOrOffOrResizedWhileTheRunGoesOn() {
        BmlSettings full = SettingsLoader.load(Optional.empty(), List.of("augmentation.views-per-sample=4"));
        ConfigError on = assertThrows(ConfigError.class,
                () -> SettingsLoader.applyPatch(full, "augmentation.pipeline = iid", "test"));
        assertEquals("augmentation.pipeline", on.problems().get(0).key());
        BmlSettings iid = SettingsLoader.load(Optional.empty(), List.of("augmentation.pipeline=iid",
                "augmentation.views-per-sample=4"));
        ConfigError off = assertThrows(ConfigError.class,
                () -> SettingsLoader.applyPatch(iid, "augmentation.pipeline = full", "test"));
        assertTrue(off.getMessage().contains("no switch to or from pipeline = iid"), off.getMessage());
        ConfigError resized = assertThrows(ConfigError.class,
                () -> SettingsLoader.applyPatch(iid, "augmentation.views-per-sample = 8", "test"));
        assertEquals("augmentation.views-per-sample", resized.problems().get(0).key());
        assertEquals(2, SettingsLoader.applyPatch(iid, "augmentation.workers = 2", "test").augmentation().workers());
        assertEquals(Pipeline.NONE, SettingsLoader.applyPatch(full, "augmentation.pipeline = none", "test").augmentation()
                .pipeline(), "other switches still hot-reload");
    }
}
