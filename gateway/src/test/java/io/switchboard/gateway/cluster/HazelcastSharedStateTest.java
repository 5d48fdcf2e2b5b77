package io.switchboard.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.channels.spi.SharedState;
import io.switchboard.channels.testing.SharedStateContract;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.runtime.security.SecretBox;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The channels' shared state over a real two-member Hazelcast cluster on loopback: what one member
 * stores, leases and books, the other sees.
 */
class HazelcastSharedStateTest extends SharedStateContract {
    private static Vertx vertx;
    private static HazelcastInstance[] hazelcast;
    private static HazelcastSharedState[] members;
    private static final SecretBox BOX = SecretBox.fromBase64(SecretBox.generateKeyBase64());

    @BeforeAll
    static void startTwoMembers() {
        vertx = Vertx.vertx();
        String name = "contract-" + UUID.randomUUID();
        int first = freePort();
        int second = freePort();
        String all = "127.0.0.1:" + first + ",127.0.0.1:" + second;
        hazelcast = new HazelcastInstance[] {
            HazelcastMember.start(cluster(name, all, first), name + "-0"),
            HazelcastMember.start(cluster(name, all, second), name + "-1")
        };
        await().atMost(Duration.ofSeconds(30))
                .until(() -> hazelcast[0].getCluster().getMembers().size() == 2);
        members = new HazelcastSharedState[] {
            HazelcastSharedState.create(vertx, hazelcast[0], BOX), HazelcastSharedState.create(vertx, hazelcast[1], BOX)
        };
    }

    private static GatewayConfig.Cluster cluster(String name, String members, int port) {
        return new GatewayConfig.Cluster(Path.of("../config/hazelcast.yaml"), name, members, port, "127.0.0.1", null);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        for (int i = 0; i < members.length; i++) {
            members[i].stop();
            hazelcast[i].shutdown();
        }
        vertx.close().await();
    }

    @Test
    void should_keep_values_sealed_in_the_map() {
        members[0]
                .put("token:wx-app", "ACCESS_TOKEN_abc123", Duration.ofMinutes(1))
                .await();

        String raw =
                hazelcast[1].<String, String>getMap(HazelcastSharedState.MAP).get("token:wx-app");
        assertThat(raw).startsWith("s1:").doesNotContain("ACCESS_TOKEN");
        assertThat(members[1].get("token:wx-app").await()).isEqualTo("ACCESS_TOKEN_abc123");
        hazelcast[1].<String, String>getMap(HazelcastSharedState.MAP).put("token:other", raw);
        assertThat(members[1].get("token:other").await())
                .as("a value copied under another key does not open")
                .isNull();
    }

    @Override
    protected SharedState member(int index) {
        return members[index];
    }

    @Override
    protected Vertx vertx() {
        return vertx;
    }
}
