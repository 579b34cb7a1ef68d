package bml.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bml.config.ClusterSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster transport with {@code cluster.tls.*}: a node whose certificate the others trust joins; a node with
 * another key, or without TLS, never does (mutual authentication). Keys are made with the JDK's keytool.
 */
class ClusterTlsTest {
    private static final String PASSWORD = "test-pass";

    @TempDir
    Path tmp;

    private final List<ActorSystem<?>> systems = new ArrayList<>();

    @AfterEach
    void terminate() throws Exception {
        for (ActorSystem<?> system : systems) {
            system.terminate();
        }
        for (ActorSystem<?> system : systems) {
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void onlyANodeWithATrustedCertificateJoins() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "needs the JDK's keytool");
        Path node = keyPair(keytool, "node");
        Path stranger = keyPair(keytool, "stranger");
        Path trust = tmp.resolve("trust.p12");
        keytool(keytool, "-exportcert", "-alias", "node", "-keystore", node.toString(), "-storepass", PASSWORD,
                "-file", tmp.resolve("node.cer").toString());
        keytool(keytool, "-importcert", "-noprompt", "-alias", "node", "-file", tmp.resolve("node.cer").toString(),
                "-storetype", "PKCS12", "-keystore", trust.toString(), "-storepass", PASSWORD);

        ActorSystem<Void> coordinator = start(tls(node, trust), Roles.COORDINATOR);
        Cluster cluster = Cluster.get(coordinator);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        awaitUp(coordinator, Duration.ofSeconds(60));
        Address seed = cluster.selfMember().address();

        ActorSystem<Void> trusted = start(tls(node, trust), Roles.WORKER);
        Cluster.get(trusted).manager().tell(new JoinSeedNodes(List.of(seed)));
        ActorSystem<Void> untrusted = start(tls(stranger, trust), Roles.WORKER);
        Cluster.get(untrusted).manager().tell(new JoinSeedNodes(List.of(seed)));
        ActorSystem<Void> plain = start(ClusterTestSettings.loopback(), Roles.WORKER);
        Cluster.get(plain).manager().tell(new JoinSeedNodes(List.of(seed)));

        awaitUp(trusted, Duration.ofSeconds(60));
        assertEquals(2, members(coordinator), "the coordinator and the trusted node, nobody else");
        Thread.sleep(3_000); // the others have had as long as the trusted node needed, and more
        assertNotEquals(MemberStatus.up(), Cluster.get(untrusted).selfMember().status());
        assertNotEquals(MemberStatus.up(), Cluster.get(plain).selfMember().status());
        assertEquals(2, members(coordinator));
    }

    private static long members(ActorSystem<?> system) {
        return java.util.stream.StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
                .count();
    }

    private ClusterSettings tls(Path keyStore, Path trustStore) {
        List<String> overrides = new ArrayList<>(ClusterTestSettings.OVERRIDES);
        overrides.addAll(List.of("cluster.tls.key-store=\"" + keyStore + "\"",
                "cluster.tls.key-store-password=" + PASSWORD, "cluster.tls.trust-store=\"" + trustStore + "\"",
                "cluster.tls.trust-store-password=" + PASSWORD));
        return ClusterSettings.load(Optional.empty(), overrides);
    }

    private ActorSystem<Void> start(ClusterSettings settings, String role) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), Roles.SYSTEM, NodeConfig.of(settings, role));
        systems.add(system);
        return system;
    }

    private static void awaitUp(ActorSystem<?> system, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Cluster.get(system).selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(Cluster.get(system).selfMember() + " is not up after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private Path keyPair(Path keytool, String alias) throws Exception {
        Path store = tmp.resolve(alias + ".p12");
        keytool(keytool, "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname",
                "CN=" + alias, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD);
        return store;
    }

    private static void keytool(Path keytool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + command + "\n" + output);
        }
    }
}
