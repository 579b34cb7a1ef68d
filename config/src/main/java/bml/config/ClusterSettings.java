package bml.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of one node of a sweep cluster, the coordinator or a worker ({@code bml.cluster}).
 *
 * <p>Why apart from {@link BmlSettings}: they describe a machine and a process, not an experiment, so they are never
 * part of a run's {@code config.conf}; they are layered and validated the same way (reference.conf, the user's
 * file, {@code --set}), unknown keys included.
 *
 * @param host                     interface the cluster transport binds and advertises
 * @param port                     TCP port, 0 = any free port
 * @param seedNodes                "host:port" of the coordinator, where a worker joins without {@code --join}
 * @param slots                    runs a worker trains at the same time
 * @param heartbeatIntervalSeconds failure detector: seconds between heartbeats
 * @param threshold                failure detector: phi above which a node is unreachable
 * @param acceptablePauseSeconds   failure detector: heartbeat pause tolerated before phi rises
 * @param stableAfterSeconds       split-brain resolver: stable membership before unreachable nodes are downed
 * @param chunkBytes               size of the pieces in which result files travel home
 * @param tls                      the transport's keys; {@link Tls#enabled()} is false without a key store
 */
public record ClusterSettings(String host, int port, List<String> seedNodes, int slots,
                              double heartbeatIntervalSeconds, double threshold, double acceptablePauseSeconds,
                              double stableAfterSeconds, int chunkBytes, Tls tls) {

    /** Below Artery's default maximum frame (256 KiB), with room for the message around the bytes. */
    public static final int MAX_CHUNK_BYTES = 196_608;

    /**
     * TLS for the cluster transport (Artery {@code tls-tcp}) with mutual authentication.
     *
     * @param keyPassword the private key's password; "" = the key store's
     */
    public record Tls(String keyStore, String keyStorePassword, String keyPassword, String trustStore,
                      String trustStorePassword) {
        public Tls {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(keyStorePassword, "keyStorePassword");
            Objects.requireNonNull(keyPassword, "keyPassword");
            Objects.requireNonNull(trustStore, "trustStore");
            Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        }

        public boolean enabled() {
            return !keyStore.isEmpty();
        }
    }

    public ClusterSettings {
        Objects.requireNonNull(host, "host");
        seedNodes = List.copyOf(seedNodes);
        Objects.requireNonNull(tls, "tls");
    }

    /**
     * Loads {@code bml.cluster}: {@code overrides} (keys relative to bml, later ones winning) over {@code file} over
     * reference.conf, with the same checks as {@link SettingsLoader#load}: unknown keys under bml, types, ranges,
     * and TLS whenever the host is not a loopback address.
     *
     * @throws ConfigError listing every problem
     */
    public static ClusterSettings load(Optional<Path> file, List<String> overrides) {
        List<ConfigError.Problem> problems = new ArrayList<>();
        Config reference = Layers.reference();
        KnownKeys known = new KnownKeys(reference.getObject("bml"));
        Config merged = Layers.stack(reference, file, overrides, known, problems);
        Config resolved;
        try {
            resolved = merged.resolve();
        } catch (ConfigException e) {
            problems.add(new ConfigError.Problem("", Origins.describe(e, "the settings"),
                    "substitutions ${...} that resolve", Origins.messageOf(e)));
            throw new ConfigError(problems);
        }
        Config checked = known.check(resolved.getConfig("bml"), problems);
        ClusterSettings settings = read(new SettingsReader(checked, "", problems).section("cluster"),
                seedNodesValue(checked), problems);
        if (!problems.isEmpty()) {
            throw new ConfigError(problems);
        }
        return settings;
    }

    static ClusterSettings read(SettingsReader r, ConfigValue seedNodes, List<ConfigError.Problem> problems) {
        String host = r.text("host");
        int port = r.wholeInt("port", 0, 65535);
        List<String> seeds = addresses(seedNodes, problems);
        int slots = r.wholeInt("slots", 1, 64);
        SettingsReader detector = r.section("failure-detector");
        double heartbeat = detector.number("heartbeat-interval-seconds", new Interval(0, true, 60, false));
        double threshold = detector.number("threshold", Interval.closed(1, 50));
        double pause = detector.number("acceptable-heartbeat-pause-seconds", new Interval(0, true, 600, false));
        double stableAfter = r.number("stable-after-seconds", Interval.closed(1, 3600));
        int chunk = r.wholeInt("chunk-bytes", 4096, MAX_CHUNK_BYTES);
        SettingsReader t = r.section("tls");
        Tls tls = new Tls(t.text("key-store"), t.text("key-store-password"), t.text("key-password"),
                t.text("trust-store"), t.text("trust-store-password"));
        if (!host.isEmpty() && !isLoopback(host) && !tls.enabled()) {
            t.problem("key-store", "a key store (and trust store) because cluster.host = " + host
                    + " is not a loopback address: the cluster transport is only served in the clear on loopback",
                    "\"\"");
        }
        if (tls.enabled() && tls.trustStore().isEmpty()) {
            t.problem("trust-store", "a trust store beside cluster.tls.key-store (TLS authenticates both ends)",
                    "\"\"");
        }
        if (host.isEmpty()) {
            r.problem("host", "an interface name or address (for example 127.0.0.1)", "\"\"");
        }
        return new ClusterSettings(host, port, seeds, slots, heartbeat, threshold, pause, stableAfter, chunk, tls);
    }

    private static ConfigValue seedNodesValue(Config bml) {
        return bml.hasPathOrNull("cluster.seed-nodes") ? bml.getObject("cluster").get("seed-nodes") : null;
    }

    /** True for a loopback address or a name that resolves to one. */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Parses "host:port" (an IPv6 host in brackets), or throws naming what is wrong. */
    public static HostPort hostPort(String text) {
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + text + "'");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected host:port with a numeric port, got '" + text + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("expected a port in 1..65535 in host:port, got '" + text + "'");
        }
        return new HostPort(host, port);
    }

    /** A host and TCP port. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private static List<String> addresses(ConfigValue value, List<ConfigError.Problem> problems) {
        List<String> addresses = new ArrayList<>();
        String expected = "a list of \"host:port\" strings, e.g. [\"10.0.0.5:25520\"]";
        if (value == null || value.valueType() != ConfigValueType.LIST) {
            problems.add(new ConfigError.Problem("cluster.seed-nodes",
                    value == null ? "the settings" : Origins.describe(value.origin()), expected,
                    Origins.render(value)));
            return addresses;
        }
        for (ConfigValue item : (ConfigList) value) {
            try {
                if (item.valueType() != ConfigValueType.STRING) {
                    throw new IllegalArgumentException(Origins.render(item));
                }
                addresses.add(hostPort((String) item.unwrapped()).toString());
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigError.Problem("cluster.seed-nodes", Origins.describe(item.origin()), expected,
                        e.getMessage()));
            }
        }
        return addresses;
    }
}
