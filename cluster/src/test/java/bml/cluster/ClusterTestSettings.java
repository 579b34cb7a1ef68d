package bml.cluster;

import bml.config.ClusterSettings;
import java.util.List;
import java.util.Optional;

/** Cluster settings for tests: loopback, any free port, and a quick split-brain resolver. */
final class ClusterTestSettings {
    /** Overrides every test node uses (relative to bml). */
    static final List<String> OVERRIDES = List.of("cluster.stable-after-seconds=2",
            "cluster.failure-detector.acceptable-heartbeat-pause-seconds=4");

    private ClusterTestSettings() {}

    static ClusterSettings loopback() {
        return ClusterSettings.load(Optional.empty(), OVERRIDES);
    }
}
