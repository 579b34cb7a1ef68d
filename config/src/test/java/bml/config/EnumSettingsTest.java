package bml.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every enumerated setting: each name loads into its constant and renders back, and a bad name reads as before. */
class EnumSettingsTest {

    /** The key of each enumerated setting, its enum, and how to read it back from the settings. */
    private record Enumerated(Class<? extends ConfigEnum> type, Function<BmlSettings, ConfigEnum> read) {}

    private static final Map<String, Enumerated> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("training.optimizer", new Enumerated(Optimizer.class, s -> s.training().optimizer()));
        SETTINGS.put("training.loss", new Enumerated(Loss.class, s -> s.training().loss()));
        SETTINGS.put("training.device", new Enumerated(DeviceChoice.class, s -> s.training().device()));
        SETTINGS.put("model.encoder", new Enumerated(Encoder.class, s -> s.model().encoder()));
        SETTINGS.put("augmentation.pipeline", new Enumerated(Pipeline.class, s -> s.augmentation().pipeline()));
        SETTINGS.put("probe.weighting", new Enumerated(Weighting.class, s -> s.probe().weighting()));
        SETTINGS.put("data.source", new Enumerated(DataSource.class, s -> s.data().source()));
        SETTINGS.put("queue.roll-cycle", new Enumerated(RollCycleName.class, s -> s.queue().rollCycle()));
    }

    @Test
    void everyNameLoadsIntoItsConstantAndRendersBackAsTheSameName() {
        SETTINGS.forEach((key, setting) -> {
            for (ConfigEnum constant : setting.type().getEnumConstants()) {
                // iid needs K views per sample; every other name loads on the defaults alone.
                BmlSettings loaded = SettingsLoader.load(Optional.empty(),
                        List.of(key + "=\"" + constant.configName() + "\"", "augmentation.views-per-sample=4"));
                assertEquals(constant, setting.read().apply(loaded), key);
                // config.conf and the settings JSON hold the name users write, never the Java constant's name.
                assertEquals(constant.configName(), loaded.config().getString(key), key);
            }
        });
    }

    /** The messages exactly as they read when these settings were strings checked against lists. */
    @Test
    void aBadNameIsReportedWithTheAllowedNamesInTheirDocumentedOrder() {
        Map<String, String> allowed = new LinkedHashMap<>();
        allowed.put("training.optimizer", "adam, sgd");
        allowed.put("training.loss", "mse, cross-entropy");
        allowed.put("training.device", "auto, cpu, gpu");
        allowed.put("model.encoder", "cnn, resnet18, mlp");
        allowed.put("augmentation.pipeline", "none, standard, full, iid");
        allowed.put("probe.weighting", "majority, temperature");
        allowed.put("data.source", "shapes, fashion-mnist, mnist, cifar10, cifar100");
        allowed.put("queue.roll-cycle", "FIVE_MINUTELY, TEN_MINUTELY, TWENTY_MINUTELY, HALF_HOURLY, FAST_HOURLY, "
                + "TWO_HOURLY, FOUR_HOURLY, SIX_HOURLY, FAST_DAILY, TEST_SECONDLY");
        assertEquals(SETTINGS.keySet(), allowed.keySet());
        allowed.forEach((key, names) -> {
            ConfigError e = assertThrows(ConfigError.class,
                    () -> SettingsLoader.load(Optional.empty(), List.of(key + "=bogus")));
            assertEquals("--set " + key + "=bogus: bml." + key + ": expected one of " + names + ", got \"bogus\"",
                    e.getMessage());
        });
    }

    @Test
    void aNameIsMatchedExactlyAsInTheSettings() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.load(Optional.empty(), List.of("training.optimizer=ADAM")));
        assertEquals("training.optimizer", e.problems().get(0).key());
    }

    @Test
    void parseNamesTheKeyTheAllowedNamesAndTheValue() {
        assertEquals(Encoder.RESNET18, ConfigEnum.parse(Encoder.class, "encoder", "resnet18"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigEnum.parse(Encoder.class, "encoder", "vgg"));
        assertEquals("encoder: expected one of cnn, resnet18, mlp, got 'vgg'", e.getMessage());
    }
}
