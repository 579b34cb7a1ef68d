package bml.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static ConfigError.Problem only(ConfigError e) {
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void loadsTheDocumentedDefaultsWithoutFileOrOverrides() {
        BmlSettings s = SettingsLoader.load(Optional.empty(), List.of());
        BmlSettings expected = new BmlSettings(42,
                new DataSettings(DataSource.SHAPES, "", 1000, 1000),
                new LabelSettings(1.0, false),
                new AugmentationSettings(Pipeline.FULL, 0, 1, 64, new AugmentationOps(0.08, 1.0, 0.75, 1.3333333, 4, 0.5,
                        0.8, 0.8, 0.8, 0.8, 0.2, 0.2)),
                new ModelSettings(Encoder.CNN, 32, 512),
                new TrainingSettings(1750, 128, Optimizer.ADAM, 0.001, 0.9, Loss.MSE, 500, DeviceChoice.AUTO, 0),
                new ProbeSettings(250, 20, Weighting.MAJORITY, 0.07, 1000, 1000, 1, 256),
                new QueueSettings(4096, RollCycleName.FAST_HOURLY, true, 512),
                new RunSettings("", 2.0),
                new HttpSettings(true, "127.0.0.1", 0));
        assertEquals(expected, s);
    }

    @Test
    void defaultSettingsConfigEqualsReferenceConf() {
        // bml.cluster holds settings of a cluster node, not of a run: ClusterSettings reads them.
        Config reference = ConfigFactory.parseResources("reference.conf").getConfig("bml").withoutPath("cluster");
        assertEquals(reference.root(), SettingsLoader.load(Optional.empty(), List.of()).config().root());
    }

    @Test
    void everyReferenceKeyCarriesAComment() {
        Config reference = ConfigFactory.parseResources("reference.conf").getConfig("bml");
        for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
            assertTrue(!e.getValue().origin().comments().isEmpty(), "no comment above bml." + e.getKey());
        }
    }

    @Test
    void setOverridesBeatTheFileAndTheFileBeatsTheReference() throws IOException {
        Path file = write("my.conf", "bml {\n  training.steps = 300\n  model.width = 16\n}\n");
        BmlSettings s = SettingsLoader.load(Optional.of(file),
                List.of("training.steps=50", "augmentation.ops.crop-scale=[0.2, 1]", "data.path=/tmp/x#1",
                        "bml.labels.noise=0.25"));
        assertEquals(50, s.training().steps());
        assertEquals(16, s.model().width());
        assertEquals(0.2, s.augmentation().ops().cropScaleMin());
        assertEquals("/tmp/x#1", s.data().path());
        assertEquals(0.25, s.labels().noise());
        assertEquals(128, s.training().batchSize());
    }

    @Test
    void laterOverridesWin() {
        BmlSettings s = SettingsLoader.load(Optional.empty(), List.of("probe.k=5", "probe.k=7"));
        assertEquals(7, s.probe().k());
    }

    @Test
    void rejectsUnknownKeyNamingKeyFileLineAndTheNearKey() throws IOException {
        Path file = write("typo.conf", "bml {\n  training {\n    lrr = 0.1\n  }\n}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> SettingsLoader.load(Optional.of(file), List.of()));
        ConfigError.Problem p = only(e);
        assertEquals("training.lrr", p.key());
        assertTrue(p.origin().endsWith("typo.conf:3"), p.origin());
        assertTrue(p.expected().contains("did you mean bml.training.lr?"), p.expected());
        assertTrue(e.getMessage().contains("typo.conf:3: bml.training.lrr: expected"), e.getMessage());
    }

    @Test
    void suggestsTheKeyOfAnotherSectionWhenOnlyTheSectionIsWrong() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.load(Optional.empty(), List.of("training.k=5")));
        assertTrue(only(e).expected().contains("did you mean bml.probe.k?"), e.getMessage());
        assertEquals("--set training.k=5", only(e).origin());
    }

    @Test
    void rejectsWrongTypeNamingExpectedAndGot() throws IOException {
        Path file = write("types.conf", "bml.training.steps = \"abc\"\n");
        ConfigError e = assertThrows(ConfigError.class, () -> SettingsLoader.load(Optional.of(file), List.of()));
        ConfigError.Problem p = only(e);
        assertEquals("training.steps", p.key());
        assertTrue(p.origin().endsWith("types.conf:1"), p.origin());
        assertEquals("a whole number >= 0", p.expected());
        assertEquals("\"abc\"", p.got());
    }

    @Test
    void rejectsWrongTypeFromSetNamingTheArgument() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.load(Optional.empty(), List.of("training.steps=abc")));
        assertEquals("--set training.steps=abc: bml.training.steps: expected a whole number >= 0, got \"abc\"",
                e.getMessage());
    }

    @Test
    void rejectsOutOfRangeNoiseNamingRangeAndValue() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.load(Optional.empty(), List.of("labels.noise=1.5")));
        ConfigError.Problem p = only(e);
        assertEquals("labels.noise", p.key());
        assertEquals("a number in [0, 1]", p.expected());
        assertEquals("1.5", p.got());
    }

    @Test
    void reportsEveryProblemAtOnce() throws IOException {
        Path file = write("many.conf", "bml {\n  seed = x\n  model.encoder = vgg\n  probe.kk = 3\n}\n");
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.load(Optional.of(file), List.of("training.lr=0", "http.port=70000")));
        List<String> keys = e.problems().stream().map(ConfigError.Problem::key).toList();
        assertEquals(5, keys.size(), e.getMessage());
        assertTrue(keys.containsAll(List.of("seed", "model.encoder", "probe.kk", "training.lr", "http.port")), keys::toString);
    }

    @Test
    void rejectsFractionalWholeNumbersAndBadPairs() {
        ConfigError e = assertThrows(ConfigError.class, () -> SettingsLoader.load(Optional.empty(),
                List.of("probe.k=2.5", "augmentation.ops.crop-scale=[0.9, 0.5]", "augmentation.ops.crop-ratio=1")));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("a list of 2 numbers [min, max] with 0 < min <= max <= 1"), e.getMessage());
        assertTrue(e.getMessage().contains("a list of 2 numbers [min, max] with 0 < min <= max, got 1"), e.getMessage());
    }

    @Test
    void rejectsMalformedFileNamingFileAndLine() throws IOException {
        Path file = write("broken.conf", "bml {\n  training {\n    steps = 5\n  \n");
        ConfigError e = assertThrows(ConfigError.class, () -> SettingsLoader.load(Optional.of(file), List.of()));
        ConfigError.Problem p = only(e);
        assertTrue(p.origin().matches(".*broken\\.conf:\\d+"), p.origin());
        assertTrue(e.getMessage().contains("broken.conf:"), e.getMessage());
    }

    @Test
    void rejectsMissingFileNamingIt() {
        Path missing = dir.resolve("nope.conf");
        ConfigError e = assertThrows(ConfigError.class, () -> SettingsLoader.load(Optional.of(missing), List.of()));
        assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
        assertEquals("no such file", only(e).got());
    }

    @Test
    void rejectsTopLevelKeysOtherThanBmlInAFile() throws IOException {
        Path file = write("flat.conf", "bml.seed = 3\ntraining.steps = 5\n");
        ConfigError e = assertThrows(ConfigError.class, () -> SettingsLoader.load(Optional.of(file), List.of()));
        ConfigError.Problem p = only(e);
        assertTrue(p.origin().endsWith("flat.conf:2"), p.origin());
        assertTrue(p.got().contains("top-level key training") && p.got().contains("bml.training"), p.got());
    }

    @Test
    void refusesAPekkoBlockNamingItsLineAndHowToTuneTheActorSystemInstead() throws IOException {
        Path file = write("tuned.conf", "bml { seed = 3 }\npekko {\n  loglevel = DEBUG\n}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> SettingsLoader.load(Optional.of(file), List.of()));
        ConfigError.Problem p = only(e);
        assertTrue(p.origin().endsWith("tuned.conf:2"), p.origin());
        assertTrue(p.got().contains("top-level key pekko") && p.got().contains("-Dpekko."), p.got());
    }

    @Test
    void rejectsMalformedOverrides() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.load(Optional.empty(), List.of("training.steps", "=5")));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertEquals("--set training.steps", e.problems().get(0).origin());
        assertEquals("no '='", e.problems().get(0).got());
        assertEquals("an empty key", e.problems().get(1).got());
    }

    @Test
    void rejectsPerViewLabelsWithoutFixedViews() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.load(Optional.empty(), List.of("labels.per-view=true")));
        ConfigError.Problem p = only(e);
        assertEquals("labels.per-view", p.key());
        assertTrue(p.expected().contains("augmentation.views-per-sample > 0"), p.expected());
        BmlSettings ok = SettingsLoader.load(Optional.empty(),
                List.of("labels.per-view=true", "augmentation.views-per-sample=8"));
        assertTrue(ok.labels().perView());
    }

    @Test
    void rejectsASectionReplacedByAValueWithoutNoise() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> SettingsLoader.load(Optional.empty(), List.of("probe=5")));
        ConfigError.Problem p = only(e);
        assertEquals("probe", p.key());
        assertEquals("5", p.got());
    }

    @Test
    void acceptsSubstitutionsAcrossLayers() throws IOException {
        Path file = write("subst.conf", "bml.probe.bank-size = ${bml.data.train-size}\n");
        BmlSettings s = SettingsLoader.load(Optional.of(file), List.of("data.train-size=300"));
        assertEquals(300, s.probe().bankSize());
    }
}
