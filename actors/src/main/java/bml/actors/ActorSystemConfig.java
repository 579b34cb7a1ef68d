package bml.actors;

import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The actor system's configuration: bml's dispatchers and logging over Pekko's defaults, with the dispatcher sizes
 * taken from the settings that claim to set them.
 *
 * <p>A settings file may not hold a {@code pekko { }} block (the config module refuses it): Pekko's own settings
 * come from here, and a user tunes them with {@code -Dpekko...} JVM options, which {@link ConfigFactory#load()} reads.
 */
public final class ActorSystemConfig {
    private ActorSystemConfig() {}

    /** For actor systems that run no experiment (benchmarks, tests): dispatchers sized by the default settings. */
    public static Config load() {
        return load(SettingsLoader.load(Optional.empty(), List.of()), 1);
    }

    /** For one experiment. */
    public static Config load(BmlSettings settings) {
        return load(settings, 1);
    }

    /** For {@code runs} experiments side by side (a reproduce sweep), each with {@code settings}' worker counts. */
    public static Config load(BmlSettings settings, int runs) {
        Config sizes = ConfigFactory.parseMap(Map.of(
                "bml-dispatchers.augmentation.thread-pool-executor.fixed-pool-size",
                runs * augmentationThreads(settings.augmentation().workers()),
                "bml-dispatchers.probe.thread-pool-executor.fixed-pool-size", runs * settings.probe().workers()),
                "bml settings (augmentation.workers, probe.workers)");
        // JVM options come first: they are how a user tunes the actor system.
        return ConfigFactory.systemProperties().withFallback(sizes)
                .withFallback(ConfigFactory.parseResources("bml-actors.conf"))
                .withFallback(ConfigFactory.load()).resolve();
    }

    /**
     * Threads for {@code workers} augmentation workers. The worker count can be raised while a run goes on, but a
     * dispatcher's size is fixed when the actor system starts: so it gets at least one thread per processor.
     * Rendering is CPU-bound, so workers raised past that share threads without losing throughput.
     */
    static int augmentationThreads(int workers) {
        return Math.max(workers, Runtime.getRuntime().availableProcessors());
    }
}
