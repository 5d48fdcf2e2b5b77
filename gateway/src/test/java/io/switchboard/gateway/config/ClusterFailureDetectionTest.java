package io.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.gateway.cluster.HazelcastMember;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the cluster's failure detection and the channels' recovery grace come as a safe pair. A
 * grace no longer than the detection lets live members' heartbeats (kept in a crashed member's partitions,
 * unrenewable until it is declared dead) expire, and their messages are answered twice; such a
 * configuration is refused at startup, naming the key and the least safe value.
 */
class ClusterFailureDetectionTest {
    private static final Path DEFAULTS = Path.of("../config/switchboard.yaml");
    private static final Map<String, String> CLUSTERED = Map.of(
            "SWITCHBOARD_CLUSTER_MEMBERS", "10.0.0.5:5701,10.0.0.6:5701",
            "SWITCHBOARD_CLUSTER_NETWORK_INTERFACE", "10.0.0.5");

    private static GatewayConfig load(Map<String, String> overrides) {
        return load(DEFAULTS, overrides);
    }

    private static GatewayConfig load(Path file, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(CLUSTERED);
        env.putAll(overrides);
        return ConfigLoader.load(file, env);
    }

    /** The shipped file with a {@code weixin} section (commented out there, so not settable by environment). */
    private static Path withWeixinGrace(Path dir, String grace) throws IOException {
        Path file = dir.resolve("switchboard-" + grace + ".yaml");
        Files.writeString(file, Files.readString(DEFAULTS) + "\nweixin:\n  recoveryGrace: " + grace + "\n");
        return file;
    }

    @Test
    void should_ship_a_detection_that_every_default_grace_outlasts() {
        GatewayConfig config = load(Map.of());

        assertThat(config.cluster().failureDetection()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.cluster().heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
        Duration least = Duration.ofSeconds(30); // 15 s + 10 s, and twice 15 s
        assertThat(config.weixin().recoveryGrace()).isGreaterThanOrEqualTo(least);
        assertThat(config.telegram().recoveryGrace()).isGreaterThanOrEqualTo(least);
        assertThat(config.wecomAibot().recoveryGrace()).isGreaterThanOrEqualTo(least);
        assertThat(config.wechatKf().recoveryGrace()).isGreaterThanOrEqualTo(least);
        assertThat(config.wechatIlink().recoveryGrace()).isGreaterThanOrEqualTo(least);
    }

    @Test
    void should_refuse_a_grace_equal_to_the_detection_naming_the_key_and_the_least_safe_value() {
        // Hazelcast's own default detection (60 s) with the channels' 60 s grace: the pair issue 16 found.
        assertThatThrownBy(() -> load(Map.of("SWITCHBOARD_CLUSTER_FAILURE_DETECTION", "PT60S")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("weixin.recoveryGrace PT1M is too short for cluster.failureDetection PT1M")
                .hasMessageContaining("at least PT2M");
        assertThatThrownBy(() -> load(Map.of("SWITCHBOARD_TELEGRAM_RECOVERY_GRACE", "PT15S")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("telegram.recoveryGrace PT15S is too short")
                .hasMessageContaining("at least PT30S");
        assertThatThrownBy(() -> load(Map.of("SWITCHBOARD_WECHAT_KF_RECOVERY_GRACE", "PT29S")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("wechatKf.recoveryGrace");
    }

    @Test
    void should_accept_a_short_grace_with_a_short_detection_and_add_the_margin_to_it(@TempDir Path dir)
            throws IOException {
        Map<String, String> fast =
                Map.of("SWITCHBOARD_CLUSTER_FAILURE_DETECTION", "PT5S", "SWITCHBOARD_TELEGRAM_RECOVERY_GRACE", "PT15S");
        GatewayConfig config = load(withWeixinGrace(dir, "PT15S"), fast);
        assertThat(config.cluster().heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.weixin().recoveryGrace()).isEqualTo(Duration.ofSeconds(15));

        // Twice 5 s would be 10 s, but the partitions' promotion needs its margin on top of the detection.
        Path tooShort = withWeixinGrace(dir, "PT14S");
        assertThatThrownBy(() -> load(tooShort, fast))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("weixin.recoveryGrace PT14S")
                .hasMessageContaining("at least PT15S");
    }

    @Test
    void should_not_check_the_grace_of_a_single_member_which_nobody_else_can_take_for_dead() {
        GatewayConfig config = ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_TELEGRAM_RECOVERY_GRACE", "PT1S"));

        assertThat(config.cluster().members()).isEmpty();
        assertThat(config.telegram().recoveryGrace()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void should_refuse_a_detection_hazelcast_cannot_express() {
        for (String bad : new String[] {"PT1S", "PT2.5S", "PT6M", "-PT5S"}) {
            assertThatThrownBy(() -> load(Map.of("SWITCHBOARD_CLUSTER_FAILURE_DETECTION", bad)))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(
                            "cluster.failureDetection must be a whole number of seconds from PT2S to PT5M");
        }
    }

    @Test
    void should_give_the_hazelcast_member_the_configured_detection_and_heartbeat() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var cluster = new GatewayConfig.Cluster(
                Path.of("../config/hazelcast.yaml"),
                "detection-" + UUID.randomUUID(),
                "",
                port,
                "127.0.0.1",
                null,
                Duration.ofSeconds(8));
        HazelcastInstance member = HazelcastMember.start(cluster, "detection-" + port);
        try {
            assertThat(member.getConfig().getProperty("hazelcast.max.no.heartbeat.seconds"))
                    .isEqualTo("8");
            assertThat(member.getConfig().getProperty("hazelcast.heartbeat.interval.seconds"))
                    .isEqualTo("1");
        } finally {
            member.shutdown();
        }
    }
}
