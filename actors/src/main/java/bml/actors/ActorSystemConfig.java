package bml.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** The actor system's configuration: bml's dispatchers and logging over Pekko's defaults. */
public final class ActorSystemConfig {
    private ActorSystemConfig() {}

    public static Config load() {
        return ConfigFactory.parseResources("bml-actors.conf").withFallback(ConfigFactory.load()).resolve();
    }
}
