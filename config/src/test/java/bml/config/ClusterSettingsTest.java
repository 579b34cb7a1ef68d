package bml.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** bml.cluster is validated like every other key: types, ranges, unknown keys, and TLS off loopback. */
class ClusterSettingsTest {

    @Test
    void defaultsBindLoopbackOnAnyPortWithOneSlotAndNoTls() {
        ClusterSettings s = ClusterSettings.load(Optional.empty(), List.of());
        assertEquals("127.0.0.1", s.host());
        assertEquals(0, s.port());
        assertEquals(1, s.slots());
        assertEquals(List.of(), s.seedNodes());
        assertTrue(!s.tls().enabled());
    }

    @Test
    void aNonLoopbackHostWithoutTlsIsRefusedNamingTheKeyStore() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> ClusterSettings.load(Optional.empty(), List.of("cluster.host=0.0.0.0")));
        assertEquals(List.of("cluster.tls.key-store"), e.problems().stream().map(ConfigError.Problem::key).toList());
        assertTrue(e.getMessage().contains("0.0.0.0"), e.getMessage());

        ClusterSettings tls = ClusterSettings.load(Optional.empty(), List.of("cluster.host=0.0.0.0",
                "cluster.tls.key-store=/keys/node.p12", "cluster.tls.trust-store=/keys/trust.p12"));
        assertTrue(tls.tls().enabled());
    }

    @Test
    void badValuesAndUnknownKeysAreAllReportedWithTheirOrigin() {
        ConfigError e = assertThrows(ConfigError.class, () -> ClusterSettings.load(Optional.empty(),
                List.of("cluster.slots=0", "cluster.port=70000", "cluster.seed-nodes=[\"nohost\"]",
                        "cluster.chunk-bytes=1048576", "cluster.slot=2")));
        assertEquals(List.of("cluster.slot", "cluster.port", "cluster.seed-nodes", "cluster.slots",
                "cluster.chunk-bytes"), e.problems().stream().map(ConfigError.Problem::key).toList(), e.getMessage());
        assertTrue(e.getMessage().contains("--set cluster.slots=0"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean bml.cluster.slots"), e.getMessage());
    }

    @Test
    void seedNodesAreHostPortPairs() {
        ClusterSettings s = ClusterSettings.load(Optional.empty(),
                List.of("cluster.seed-nodes=[\"127.0.0.1:25520\", \"[::1]:25521\"]"));
        assertEquals(List.of("127.0.0.1:25520", "[::1]:25521"), s.seedNodes());
        assertEquals(new ClusterSettings.HostPort("::1", 25521), ClusterSettings.hostPort("[::1]:25521"));
    }
}
