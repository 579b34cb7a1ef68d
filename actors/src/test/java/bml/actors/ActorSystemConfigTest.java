package bml.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActorSystemConfigTest {
    private static final String AUGMENTATION = "bml-dispatchers.augmentation.thread-pool-executor.fixed-pool-size";
    private static final String PROBE = "bml-dispatchers.probe.thread-pool-executor.fixed-pool-size";

    @Test
    void dispatcherSizesComeFromTheWorkerSettings() {
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("augmentation.workers=64",
                "probe.workers=3"));
        Config config = ActorSystemConfig.load(settings);
        assertEquals(64, config.getInt(AUGMENTATION));
        assertEquals(3, config.getInt(PROBE));
        assertEquals(1, config.getInt("bml-dispatchers.training.thread-pool-executor.fixed-pool-size"));
    }

    @Test
    void augmentationGetsAThreadPerProcessorSoARaisedWorkerCountStillRunsInParallel() {
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("augmentation.workers=1"));
        assertEquals(Runtime.getRuntime().availableProcessors(),
                ActorSystemConfig.load(settings).getInt(AUGMENTATION));
    }

    @Test
    void runsSideBySideEachGetTheirThreads() {
        BmlSettings settings = SettingsLoader.load(Optional.empty(), List.of("augmentation.workers=64",
                "probe.workers=2"));
        Config config = ActorSystemConfig.load(settings, 3);
        assertEquals(192, config.getInt(AUGMENTATION));
        assertEquals(6, config.getInt(PROBE));
    }
}
