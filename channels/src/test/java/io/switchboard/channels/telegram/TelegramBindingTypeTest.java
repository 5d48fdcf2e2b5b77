package io.switchboard.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class TelegramBindingTypeTest {
    private final TelegramBindingType type = TelegramBindingType.INSTANCE;

    @Test
    void should_fill_defaults_and_generate_a_webhook_secret() {
        JsonObject valid = type.validate(new JsonObject().put("botToken", TelegramFixture.TOKEN));

        assertThat(valid.getString("mode")).isEqualTo("webhook");
        assertThat(valid.getString("groupMode")).isEqualTo("mention");
        assertThat(valid.getString("webhookSecret")).matches("[A-Za-z0-9_-]{40,}");
        assertThat(type.validate(new JsonObject().put("botToken", TelegramFixture.TOKEN))
                        .getString("webhookSecret"))
                .isNotEqualTo(valid.getString("webhookSecret"));
        assertThat(type.secretFields()).containsExactlyInAnyOrder("botToken", "webhookSecret");
        assertThat(type.callbackPath("b7")).isEqualTo("/telegram/b7");
    }

    @Test
    void should_name_the_field_to_fix() {
        assertThatThrownBy(() -> type.validate(new JsonObject())).hasMessageContaining("botToken");
        assertThatThrownBy(() -> type.validate(new JsonObject().put("botToken", "nope")))
                .hasMessageContaining("botToken");
        assertThatThrownBy(() -> type.validate(settings().put("mode", "carrier-pigeon")))
                .hasMessageContaining("mode")
                .hasMessageContaining("polling");
        assertThatThrownBy(() -> type.validate(settings().put("groupMode", 3))).hasMessageContaining("groupMode");
        assertThatThrownBy(() -> type.validate(settings().put("webhookSecret", "short")))
                .hasMessageContaining("webhookSecret");
        assertThatThrownBy(() -> type.validate(settings().put("tokn", "x"))).hasMessageContaining("tokn");
        assertThatThrownBy(() -> type.validate(settings().put("photoReply", "x".repeat(1001))))
                .hasMessageContaining("photoReply");
    }

    @Test
    void should_never_print_the_token() {
        BotSettings settings = BotSettings.from(settings());

        assertThat(settings.toString()).doesNotContain("AAEtest").contains("123456789");
    }

    private static JsonObject settings() {
        return new JsonObject().put("botToken", TelegramFixture.TOKEN);
    }
}
