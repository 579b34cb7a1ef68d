package bml.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label and initial-weight seeds: the root seed unless set, each on its own. */
class SeedSettingsTest {

    @Test
    void bothAreTheRootSeedUnlessSet() {
        BmlSettings s = SettingsLoader.load(Optional.empty(), List.of("seed=9"));
        assertEquals(SeedSettings.FROM_ROOT, s.seeds());
        assertEquals(9, s.labelsSeed());
        assertEquals(9, s.initSeed());
    }

    @Test
    void eachCanBeSetWithoutTheOther() {
        BmlSettings labels = SettingsLoader.load(Optional.empty(), List.of("seed=9", "seeds.labels=-3"));
        assertEquals(-3, labels.labelsSeed());
        assertEquals(9, labels.initSeed());
        BmlSettings init = SettingsLoader.load(Optional.empty(), List.of("seed=9", "seeds.init=9007199254740993"));
        assertEquals(9, init.labelsSeed());
        assertEquals(9007199254740993L, init.initSeed(), "exact beyond 2^53");
    }

    @Test
    void setSeedsRenderAndLoadBack(@TempDir Path dir) throws IOException {
        BmlSettings s = SettingsLoader.load(Optional.empty(), List.of("seeds.init=123"));
        Path file = dir.resolve("config.conf");
        Files.writeString(file, s.render());
        BmlSettings back = SettingsLoader.load(Optional.of(file), List.of());
        assertEquals(s, back);
        assertEquals(new SeedSettings(OptionalLong.empty(), OptionalLong.of(123)), back.seeds());
        assertEquals(List.of("seeds.init"), List.copyOf(SettingsLoader.diff(
                SettingsLoader.load(Optional.empty(), List.of()), s).keySet()));
    }

    @Test
    void anythingElseIsRefusedNamingTheKey() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.load(Optional.empty(), List.of("seeds.labels=1.5", "seeds.init=random")));
        assertEquals(List.of("seeds.labels", "seeds.init"), e.problems().stream().map(ConfigError.Problem::key)
                .map(key -> key.replaceFirst("^bml\\\\.", "")).toList());
        assertTrue(e.getMessage().contains("derived or a whole number"), e.getMessage());
    }

    @Test
    void mixupIsAProbability() {
        assertEquals(0.0, SettingsLoader.load(Optional.empty(), List.of()).augmentation().mixup());
        assertEquals(0.8, SettingsLoader.load(Optional.empty(), List.of("augmentation.mixup=0.8"))
                .augmentation().mixup());
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.load(Optional.empty(), List.of("augmentation.mixup=1.5")));
        assertTrue(e.getMessage().contains("augmentation.mixup"), e.getMessage());
    }
}
