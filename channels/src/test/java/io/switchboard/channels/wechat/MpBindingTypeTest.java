package io.switchboard.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.testkit.weixin.WeixinCrypto;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The {@code wechat-mp} settings an admin sends: defaults filled in, every mistake named. */
class MpBindingTypeTest {
    private final MpBindingType type = new MpBindingType();
    private final JsonObject minimal =
            new JsonObject().put("appId", "wx1").put("appSecret", "secret").put("token", "token1");

    @Test
    void should_fill_in_defaults_for_a_plaintext_service_account() {
        JsonObject settings = type.validate(minimal);

        assertThat(settings.getString("mode")).isEqualTo("plaintext");
        assertThat(settings.getString("accountType")).isEqualTo("service");
        // No texts of the binding's own: the fixed ones follow the app's (else the user's) language.
        assertThat(settings.containsKey("unsupportedReply")).isFalse();
        assertThat(settings.containsKey("pendingNotice")).isFalse();
        assertThat(type.validate(minimal.copy().put("pendingNotice", MpSettings.DEFAULT_PENDING_NOTICE))
                        .containsKey("pendingNotice"))
                .as("the default earlier bindings stored is no choice of the admin's")
                .isFalse();
        assertThat(type.validate(minimal.copy().put("pendingNotice", "Hang on!"))
                        .getString("pendingNotice"))
                .isEqualTo("Hang on!");
        assertThat(settings.getJsonObject("clickQuestions")).isEmpty();
        assertThat(type.callbackPath("b7")).isEqualTo("/wechat/b7");
        assertThat(type.secretFields()).containsExactlyInAnyOrder("appSecret", "token", "encodingAesKey");
    }

    @Test
    void should_name_the_field_to_fix() {
        assertThatThrownBy(() -> type.validate(minimal.copy().put("mode", "safe")))
                .hasMessageContaining("encodingAesKey");
        assertThatThrownBy(() -> type.validate(minimal.copy().put("mode", "secret")))
                .hasMessageContaining("mode must be plaintext, compatible or safe");
        assertThatThrownBy(() -> type.validate(minimal.copy().put("accountType", "enterprise")))
                .hasMessageContaining("accountType");
        JsonObject noSecret = minimal.copy();
        noSecret.remove("appSecret");
        assertThatThrownBy(() -> type.validate(noSecret)).hasMessageContaining("appSecret is required");
        assertThatThrownBy(() -> type.validate(minimal.copy().put("clickQuestions", new JsonObject().put("K", ""))))
                .hasMessageContaining("clickQuestions.K");
        assertThatThrownBy(() -> type.validate(minimal.copy().put("apiBaseUrl", "ftp://x/y")))
                .hasMessageContaining("apiBaseUrl");
        assertThatThrownBy(() -> type.validate(minimal.copy().put("appID", "typo")))
                .hasMessageContaining("unknown setting 'appID'");
    }

    @Test
    void should_accept_a_safe_mode_account_with_its_key_and_menu_questions() {
        JsonObject settings = type.validate(minimal.copy()
                .put("mode", "safe")
                .put("accountType", "subscription")
                .put("encodingAesKey", WeixinCrypto.newEncodingAesKey())
                .put("clickQuestions", new JsonObject().put("MENU_1", "What do you sell?")));

        assertThat(settings.getString("accountType")).isEqualTo("subscription");
        assertThat(settings.getJsonObject("clickQuestions").getString("MENU_1")).isEqualTo("What do you sell?");
        assertThat(MpSettings.from(settings).toString()).doesNotContain("secret", "token1");
    }
}
