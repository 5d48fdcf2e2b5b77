package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.gateway.HttpTestClient.Event;
import io.switchboard.gateway.config.GatewayConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, Found 1: the embedded Hazelcast member of a single node listens on loopback only, and what a
 * reader of its maps gets (the official Hazelcast client, as in the probe) is ciphertext.
 */
class ClusterExposureTest {
    private static final String SECRET_TEXT = "my passport number is X1234567 and my card 4111";

    @Test
    void should_listen_on_loopback_only_and_keep_only_ciphertext_in_the_maps(@TempDir Path dir) throws Exception {
        TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
        GatewayConfig config = TestGateways.config(dir, cluster, 0)
                .cluster(new GatewayConfig.Cluster(
                        Path.of("../config/hazelcast.yaml"), cluster.name(), "", cluster.firstPort(), "", null))
                .build();
        try (Gateway gateway = Gateway.start(config)) {
            var address = gateway.hazelcast().getCluster().getLocalMember().getAddress();
            assertThat(address.getHost()).isEqualTo("127.0.0.1");
            Optional<InetAddress> external = nonLoopbackAddress();
            if (external.isPresent()) {
                assertThatThrownBy(() -> connect(external.get(), address.getPort()))
                        .as("the member port is not reachable on " + external.get())
                        .isInstanceOf(IOException.class);
            }

            HttpTestClient web = new HttpTestClient("http://127.0.0.1:" + gateway.port());
            List<Event> events = web.events(
                    "/chat/switchboard-guide/messages", "{\"text\":\"" + SECRET_TEXT + " — what is Switchboard?\"}");
            assertThat(events).anyMatch(e -> e.name().equals("done"));

            ClientConfig client = new ClientConfig().setClusterName(cluster.name());
            client.getNetworkConfig().addAddress("127.0.0.1:" + address.getPort());
            client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(10_000);
            HazelcastInstance reader = HazelcastClient.newHazelcastClient(client);
            try {
                IMap<Object, Object> conversations = reader.getMap("switchboard.conversations");
                assertThat(conversations.size()).isPositive();
                for (Map.Entry<Object, Object> entry : conversations.entrySet()) {
                    assertThat(entry.getKey().toString()).doesNotContain("switchboard-guide");
                    String raw = new String((byte[]) entry.getValue(), StandardCharsets.ISO_8859_1);
                    assertThat(raw)
                            .doesNotContain("X1234567")
                            .doesNotContain("passport")
                            .doesNotContain("LLMOps");
                }
                IMap<Object, Object> shared = reader.getMap("switchboard.shared");
                for (Map.Entry<Object, Object> entry : shared.entrySet()) {
                    if (!entry.getKey().toString().startsWith("lease:")) {
                        assertThat(entry.getValue().toString()).startsWith("s1:");
                    }
                }
            } finally {
                reader.shutdown();
            }
        }
    }

    @Test
    void should_refuse_a_cluster_without_an_explicit_interface() {
        assertThatThrownBy(() -> new GatewayConfig.Cluster(
                        Path.of("../config/hazelcast.yaml"), "c", "10.0.0.1,10.0.0.2", 5701, "", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster.networkInterface");
    }

    private static void connect(InetAddress host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address)
                .findFirst();
    }
}
