package io.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code tracing} and {@code logging} sections of switchboard.yaml. */
class TracingConfigTest {
    private static final Path DEFAULTS = Path.of("../config/switchboard.yaml");

    @Test
    void should_ship_tracing_off_and_text_logs() {
        GatewayConfig config = ConfigLoader.load(DEFAULTS, Map.of());

        assertThat(config.tracing().enabled()).isFalse();
        assertThat(config.tracing().endpoint()).isEqualTo("http://127.0.0.1:4318/v1/traces");
        assertThat(config.tracing().protocol()).isEqualTo("http/protobuf");
        assertThat(config.tracing().samplingRatio()).isEqualTo(1.0);
        assertThat(config.tracing().headerMap()).isEmpty();
        assertThat(config.logging().format()).isEqualTo(LoggingConfig.Format.TEXT);
    }

    @Test
    void should_take_every_tracing_key_from_the_environment() {
        GatewayConfig config = ConfigLoader.load(
                DEFAULTS,
                Map.of(
                        "SWITCHBOARD_TRACING_ENABLED", "true",
                        "SWITCHBOARD_TRACING_ENDPOINT", "https://collector.example.test/v1/traces",
                        "SWITCHBOARD_TRACING_HEADERS", "x-api-key=k-123, x-tenant = blue",
                        "SWITCHBOARD_TRACING_SAMPLING_RATIO", "0.25",
                        "SWITCHBOARD_TRACING_SERVICE_NAME", "switchboard-eu",
                        "SWITCHBOARD_TRACING_EXPORT_INTERVAL", "PT2S",
                        "SWITCHBOARD_LOGGING_FORMAT", "json"));

        TracingConfig tracing = config.tracing();
        assertThat(tracing.enabled()).isTrue();
        assertThat(tracing.endpoint()).isEqualTo("https://collector.example.test/v1/traces");
        assertThat(tracing.headerMap()).containsExactly(Map.entry("x-api-key", "k-123"), Map.entry("x-tenant", "blue"));
        assertThat(tracing.samplingRatio()).isEqualTo(0.25);
        assertThat(tracing.serviceName()).isEqualTo("switchboard-eu");
        assertThat(tracing.exportInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.logging().format()).isEqualTo(LoggingConfig.Format.JSON);
        // The headers may hold a backend's key.
        assertThat(config.toString()).doesNotContain("k-123");
    }

    @Test
    void should_say_what_to_fix_in_the_tracing_and_logging_sections() {
        assertThatThrownBy(() -> ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_TRACING_SAMPLING_RATIO", "1.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tracing.samplingRatio must be between 0 and 1");
        assertThatThrownBy(() -> ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_TRACING_PROTOCOL", "grpc")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tracing.protocol must be http/protobuf");
        assertThatThrownBy(() -> ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_TRACING_ENDPOINT", "collector:4318")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tracing.endpoint must be an http(s) URL");
        assertThatThrownBy(() ->
                        ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_TRACING_HEADERS", "a=1,secret-without-name")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tracing.headers must be name=value pairs")
                .hasMessageNotContaining("secret-without-name");
        assertThatThrownBy(() -> ConfigLoader.load(DEFAULTS, Map.of("SWITCHBOARD_LOGGING_FORMAT", "xml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logging.format must be text or json");
    }
}
