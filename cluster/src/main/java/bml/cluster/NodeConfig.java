package bml.cluster;

import bml.actors.ActorSystemConfig;
import bml.config.ClusterSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Locale;

/**
 * The actor-system configuration of one sweep cluster node: {@code bml.cluster} settings over
 * {@code bml-cluster.conf} over bml's dispatchers and Pekko's defaults.
 */
final class NodeConfig {
    private NodeConfig() {}

    /** The configuration of a node with {@code role} ({@link Roles}). */
    static Config of(ClusterSettings settings, String role) {
        Config node = ConfigFactory.empty()
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(settings.host()))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(settings.port()))
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(List.of(role)))
                .withValue("pekko.cluster.failure-detector.heartbeat-interval",
                        duration(settings.heartbeatIntervalSeconds()))
                .withValue("pekko.cluster.failure-detector.threshold",
                        ConfigValueFactory.fromAnyRef(settings.threshold()))
                .withValue("pekko.cluster.failure-detector.acceptable-heartbeat-pause",
                        duration(settings.acceptablePauseSeconds()))
                .withValue("pekko.cluster.split-brain-resolver.stable-after",
                        duration(settings.stableAfterSeconds()));
        if (settings.tls().enabled()) {
            node = withTls(node, settings.tls());
        }
        return node.withFallback(ConfigFactory.parseResources("bml-cluster.conf"))
                .withFallback(ActorSystemConfig.load()).resolve();
    }

    private static Config withTls(Config node, ClusterSettings.Tls tls) {
        String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
        String keyPassword = tls.keyPassword().isEmpty() ? tls.keyStorePassword() : tls.keyPassword();
        return node.withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
                .withValue(engine + "key-store", ConfigValueFactory.fromAnyRef(tls.keyStore()))
                .withValue(engine + "key-store-password", ConfigValueFactory.fromAnyRef(tls.keyStorePassword()))
                .withValue(engine + "key-password", ConfigValueFactory.fromAnyRef(keyPassword))
                .withValue(engine + "trust-store", ConfigValueFactory.fromAnyRef(tls.trustStore()))
                .withValue(engine + "trust-store-password", ConfigValueFactory.fromAnyRef(tls.trustStorePassword()));
    }

    private static com.typesafe.config.ConfigValue duration(double seconds) {
        return ConfigValueFactory.fromAnyRef(String.format(Locale.ROOT, "%d ms", Math.round(seconds * 1000)));
    }
}
