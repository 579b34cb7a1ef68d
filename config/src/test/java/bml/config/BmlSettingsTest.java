package bml.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BmlSettingsTest {

    @Test
    void renderedSettingsLoadBackToEqualSettings(@TempDir Path dir) throws IOException {
        BmlSettings s = SettingsLoader.load(Optional.empty(), List.of("seed=-7", "data.path=\"C:\\\\data dir\"",
                "training.lr=1e-4", "augmentation.ops.crop-ratio=[0.5, 2.5]", "run.dir=runs/a b",
                "queue.max-lag=9007199254740993"));
        String text = s.render();
        Path file = dir.resolve("settings.conf");
        Files.writeString(file, text);
        assertEquals(s, SettingsLoader.load(Optional.of(file), List.of()));
        assertEquals(text, SettingsLoader.load(Optional.of(file), List.of()).render());
    }

    @Test
    void renderHasNoCommentsAndSortedKeys() {
        String text = SettingsLoader.load(Optional.empty(), List.of()).render();
        assertTrue(text.startsWith("bml {"), text);
        assertFalse(text.contains("#"), text);
        assertTrue(text.indexOf("augmentation") < text.indexOf("data") && text.indexOf("data") < text.indexOf("http"),
                text);
    }

    @Test
    void sectionFromConfigReadsItsOwnSectionAndNamesFullKeys() {
        ProbeSettings probe = ProbeSettings.fromConfig(ConfigFactory.parseString(
                "every = 10, k = 3, weighting = temperature, temperature = 0.1, bank-size = 5, query-size = 6,"
                        + " workers = 2, chunk-size = 64"));
        assertEquals(new ProbeSettings(10, 3, Weighting.TEMPERATURE, 0.1, 5, 6, 2, 64), probe);
        ConfigError e = assertThrows(ConfigError.class,
                () -> ModelSettings.fromConfig(ConfigFactory.parseString("encoder = vgg, width = 0, head-width = 8")));
        assertEquals(List.of("model.encoder", "model.width"), e.problems().stream().map(ConfigError.Problem::key).toList());
    }
}
