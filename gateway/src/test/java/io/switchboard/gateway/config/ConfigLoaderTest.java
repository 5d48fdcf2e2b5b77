package io.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Path DEFAULTS = Path.of("../config/switchboard.yaml");

    @Test
    void should_load_the_shipped_defaults() {
        GatewayConfig config = ConfigLoader.load(DEFAULTS, Map.of());

        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.database().url()).startsWith("jdbc:h2:file:");
        assertThat(config.cluster().members()).isEmpty();
        assertThat(config.turns().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.sample().appId()).isEqualTo("switchboard-guide");
        assertThat(config.skills().mcpAllowLocalCommands()).isFalse();
        assertThat(config.skills().sandboxHeapMegabytes()).isEqualTo(128);
        assertThat(config.skills().workflowTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void should_let_environment_variables_override_any_key() {
        GatewayConfig config = ConfigLoader.load(
                DEFAULTS,
                Map.of(
                        "SWITCHBOARD_HTTP_PORT", "9090",
                        "SWITCHBOARD_DATABASE_URL", "jdbc:postgresql://db:5432/sb",
                        "SWITCHBOARD_ADMIN_PASSWORD", "a-long-enough-password",
                        "SWITCHBOARD_SECURITY_TOKEN_TTL", "PT1H",
                        "SWITCHBOARD_DATA_DIR", "/var/lib/switchboard"));

        assertThat(config.http().port()).isEqualTo(9090);
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://db:5432/sb");
        assertThat(config.admin().password()).isEqualTo("a-long-enough-password");
        assertThat(config.security().tokenTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/switchboard"));
    }

    @Test
    void should_point_the_wechat_family_channels_at_configured_endpoints() {
        GatewayConfig config = ConfigLoader.load(
                DEFAULTS,
                Map.of(
                        "SWITCHBOARD_WECOM_AIBOT_WS_URL", "wss://aibot.example.test/ws",
                        "SWITCHBOARD_WECOM_AIBOT_LEASE_TTL", "PT20S",
                        "SWITCHBOARD_WECHAT_KF_API_BASE_URL", "https://kf.example.test",
                        "SWITCHBOARD_WECHAT_KF_POLL_INTERVAL", "PT5S",
                        "SWITCHBOARD_WECHAT_ILINK_API_BASE_URL", "https://ilink.example.test",
                        "SWITCHBOARD_WECHAT_ILINK_CDN_BASE_URL", "https://cdn.example.test/c2c",
                        "SWITCHBOARD_WECHAT_ILINK_LONG_POLL_TIMEOUT", "PT25S",
                        "SWITCHBOARD_WECHAT_ILINK_BOT_MESSAGES_PER_SECOND", "3"));

        assertThat(config.wecomAibot().options().wsUrl()).isEqualTo("wss://aibot.example.test/ws");
        assertThat(config.wecomAibot().options().leaseTtl()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.wechatKf().options().apiBaseUrl()).isEqualTo("https://kf.example.test");
        assertThat(config.wechatKf().options().pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.wechatIlink().options().apiBaseUrl()).isEqualTo("https://ilink.example.test");
        assertThat(config.wechatIlink().options().cdnBaseUrl()).isEqualTo("https://cdn.example.test/c2c");
        assertThat(config.wechatIlink().options().longPollTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.wechatIlink().options().botMessagesPerSecond()).isEqualTo(3);
        assertThatThrownBy(
                        () -> ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_WECHAT_ILINK_API_BASE_URL", "ftp://x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("wechatIlink: wechat-ilink apiBaseUrl must be an http(s) URL");
        assertThatThrownBy(() -> ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_WECOM_AIBOT_LEASE_TTL", "-PT1S")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("wecomAibot: wecom-aibot leaseTtl must be a positive duration");
    }

    @Test
    void should_name_the_environment_variable_of_a_camel_case_key() {
        assertThat(ConfigLoader.envName("security.masterKey")).isEqualTo("SWITCHBOARD_SECURITY_MASTER_KEY");
        assertThat(ConfigLoader.envName("turns.maxBodyBytes")).isEqualTo("SWITCHBOARD_TURNS_MAX_BODY_BYTES");
    }

    @Test
    void should_say_what_to_fix_for_a_bad_value() {
        assertThatThrownBy(() -> ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_HTTP_PORT", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port must be between 0 and 65535");
        assertThatThrownBy(() -> ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port");
        assertThatThrownBy(() -> ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_DATABASE_URL", "mysql://x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("database.url must start with jdbc:h2: or jdbc:postgresql:");
        assertThatThrownBy(() -> ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_ADMIN_PASSWORD", "short")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 12 characters");
        assertThatThrownBy(() -> ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_SECURITY_AUDIT_RETENTION", "PT1H")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("security.auditRetention must be at least one day, e.g. P365D");
    }

    @Test
    void should_reject_an_unknown_key_by_name(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, Files.readString(DEFAULTS).replace("  port: 8080", "  port: 8080\n  prot: 1"));

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'http.prot'");
    }

    @Test
    void should_never_print_secrets() {
        GatewayConfig config = ConfigLoader.load(
                DEFAULTS,
                Map.of(
                        "SWITCHBOARD_ADMIN_PASSWORD", "top-secret-password",
                        "SWITCHBOARD_SECURITY_JWT_SECRET", "j".repeat(40),
                        "SWITCHBOARD_DATABASE_PASSWORD", "db-secret"));

        assertThat(config.toString()).doesNotContain("top-secret-password", "jjjjjjjj", "db-secret");
    }
}
