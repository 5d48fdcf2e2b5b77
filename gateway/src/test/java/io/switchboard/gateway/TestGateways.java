package io.switchboard.gateway;

import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.runtime.security.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * Real gateway nodes for tests: loopback only, HTTP on port 0, H2 in a temporary directory, an embedded
 * Hazelcast member on a free port. Nodes given the same {@link Cluster} join one Hazelcast cluster and
 * share one database, as a production cluster would.
 */
public final class TestGateways {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";

    private TestGateways() {}

    /** What the nodes of one test cluster share. */
    public record Cluster(String name, String masterKey, String jwtSecret, String databaseUrl, int firstPort) {
        public static Cluster create(Path dir) {
            return new Cluster(
                    "test-" + UUID.randomUUID(),
                    SecretBox.generateKeyBase64(),
                    "jwt-secret-for-tests-" + UUID.randomUUID(),
                    // AUTO_SERVER lets several nodes in one or more JVMs open the same H2 file.
                    "jdbc:h2:file:" + dir.resolve("shared-db").toAbsolutePath() + ";AUTO_SERVER=TRUE",
                    freePort());
        }
    }

    /**
     * The configuration of node {@code index} (0, 1, ...) of {@code cluster}, data under {@code dir}; the
     * optional sections are left to their defaults for the test to set.
     */
    public static GatewayConfig.Builder config(Path dir, Cluster cluster, int index) {
        int hazelcastPort = cluster.firstPort() + index;
        String members = "127.0.0.1:" + cluster.firstPort() + ",127.0.0.1:" + (cluster.firstPort() + 1);
        return GatewayConfig.builder()
                .http(new GatewayConfig.Http("127.0.0.1", 0, "", 1))
                .dataDir(dir.resolve("node-" + index))
                .database(new GatewayConfig.Database(cluster.databaseUrl(), "sa", "", 8))
                .cluster(new GatewayConfig.Cluster(
                        Path.of("../config/hazelcast.yaml"), cluster.name(), members, hazelcastPort, "127.0.0.1", null))
                .security(new GatewayConfig.Security(cluster.masterKey(), cluster.jwtSecret(), Duration.ofHours(1)))
                .admin(new GatewayConfig.Admin(ADMIN, ADMIN_PASSWORD))
                .sample(new GatewayConfig.Sample("switchboard-guide", Path.of("../config/sample-app.yaml")))
                .turns(new GatewayConfig.Turns(Duration.ofSeconds(10), 1000, 65536));
    }

    /** Telegram against a fake Bot API at {@code apiBaseUrl}: short polls and leases, no pacing waits. */
    public static GatewayConfig.Telegram fastTelegram(String apiBaseUrl) {
        return new GatewayConfig.Telegram(
                apiBaseUrl,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ZERO,
                20,
                1000,
                Duration.ofMillis(50),
                null);
    }

    /** Starts node {@code index} of {@code cluster}. */
    public static Gateway start(Path dir, Cluster cluster, int index) {
        try {
            return Gateway.start(config(dir, cluster, index).build());
        } catch (Exception e) {
            throw new IllegalStateException("gateway node " + index + " did not start", e);
        }
    }

    /** A single node with its own cluster. */
    public static Gateway single(Path dir) {
        return start(dir, Cluster.create(dir), 0);
    }

    /** Stops every node still running (null entries were stopped already). */
    public static void closeAll(Gateway... nodes) throws Exception {
        for (Gateway node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static int freePort() {
        // Two consecutive free ports are likely above a random free one; Hazelcast also auto-increments.
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
