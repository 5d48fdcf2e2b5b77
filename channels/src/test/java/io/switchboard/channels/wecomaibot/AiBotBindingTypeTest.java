package io.switchboard.channels.wecomaibot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AiBotBindingTypeTest {
    private final AiBotBindingType type = AiBotBindingType.INSTANCE;

    @Test
    void should_fill_defaults_and_seal_the_secret() {
        JsonObject valid =
                type.validate(new JsonObject().put("botId", " aib01 ").put("secret", "0123456789abcdef"));
        assertThat(valid.getString("botId")).isEqualTo("aib01");
        assertThat(valid.getString("welcome")).isEmpty();
        assertThat(valid.containsKey("imageReply"))
                .as("no text of the binding's own: the fixed one follows the app's language")
                .isFalse();
        assertThat(type.secretFields()).containsExactly("secret");
        assertThat(type.callbackPath("b1")).as("the gateway connects out").isNull();
        assertThat(AiBotSettings.from(valid).toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void should_name_the_field_to_fix() {
        assertThatThrownBy(() -> type.validate(null)).hasMessageContaining("botId");
        assertThatThrownBy(() -> type.validate(new JsonObject().put("secret", "0123456789abcdef")))
                .hasMessageContaining("settings.botId");
        assertThatThrownBy(
                        () -> type.validate(new JsonObject().put("botId", "a b").put("secret", "0123456789")))
                .hasMessageContaining("settings.botId");
        assertThatThrownBy(
                        () -> type.validate(new JsonObject().put("botId", "aib").put("secret", "short")))
                .hasMessageContaining("settings.secret");
        assertThatThrownBy(
                        () -> type.validate(new JsonObject().put("botId", "aib").put("secret", 12345678)))
                .hasMessageContaining("settings.secret must be a string");
        assertThatThrownBy(() -> type.validate(new JsonObject()
                        .put("botId", "aib")
                        .put("secret", "0123456789")
                        .put("token", "x")))
                .hasMessageContaining("settings.token is not a wecom-aibot setting");
        assertThatThrownBy(() -> type.validate(new JsonObject()
                        .put("botId", "aib")
                        .put("secret", "0123456789")
                        .put("welcome", "x".repeat(1001))))
                .hasMessageContaining("settings.welcome");
    }

    @Test
    void should_refuse_a_plain_url_or_a_bad_option() {
        assertThatThrownBy(() ->
                        WeComAiBotOptions.builder().wsUrl("https://example.com").build())
                .hasMessageContaining("wss://");
        assertThatThrownBy(() -> WeComAiBotOptions.builder()
                        .leaseTtl(java.time.Duration.ZERO)
                        .build())
                .hasMessageContaining("leaseTtl");
        WeComAiBotOptions defaults = WeComAiBotOptions.defaults();
        assertThat(defaults.mediaHostAllowed("wework.qpic.cn")).isTrue();
        assertThat(defaults.mediaHostAllowed("169.254.169.254")).isFalse();
        assertThat(defaults.mediaHostAllowed("evilqq.com")).isFalse();
    }
}
