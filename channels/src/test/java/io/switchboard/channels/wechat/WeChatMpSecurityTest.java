package io.switchboard.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.testkit.weixin.OfficialAccount;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCallbacks.Mode;
import io.switchboard.testkit.weixin.WeixinCallbacks.Response;
import io.switchboard.testkit.weixin.WeixinCrypto;
import io.switchboard.testkit.weixin.WeixinMessages;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** URL check, signatures, replay, XXE and bad input on the official-account callback. */
class WeChatMpSecurityTest {
    private static MpFixture fixture;
    private static OfficialAccount plain;
    private static OfficialAccount safe;

    @BeforeAll
    static void start() {
        fixture = new MpFixture(MpFixture.scaledOptions());
        plain = fixture.bind("plain", Mode.PLAINTEXT, true, null);
        safe = fixture.bind("safe", Mode.SAFE, true, null);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static Response post(String binding, WeixinCallbacks.Signed signed) {
        return post(binding, signed.query(), signed.body());
    }

    private static Response post(String binding, String query, String body) {
        return ChannelTestServer.await(
                fixture.callbacks().send(HttpMethod.POST, fixture.url(0, binding) + "?" + query, body));
    }

    private static String text(OfficialAccount account, String user, String content) {
        return WeixinMessages.text(account.originalId(), user, WeixinCallbacks.now(), MpFixture.nextMsgId(), content);
    }

    private static boolean received(String user) {
        return fixture.turns.received().stream().anyMatch(m -> m.userId().equals(user));
    }

    @Test
    void should_echo_echostr_when_the_url_check_is_signed_with_the_token() {
        Response response = ChannelTestServer.await(fixture.callbacks().verifyMp(plain, fixture.url(1, "plain")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("echo");
    }

    @Test
    void should_refuse_the_url_check_with_another_token() {
        OfficialAccount impostor = new OfficialAccount(
                plain.appId(), plain.secret(), "otherToken", plain.encodingAesKey(), plain.originalId());

        Response response = ChannelTestServer.await(fixture.callbacks().verifyMp(impostor, fixture.url(0, "plain")));

        assertThat(response.status()).isEqualTo(403);
        assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("forbidden");
    }

    @Test
    void should_refuse_a_callback_whose_msg_signature_does_not_match_and_process_nothing() {
        var signed = WeixinCallbacks.signMp(
                safe, Mode.SAFE, text(safe, "o-forged", "hi"), WeixinCallbacks.now(), "n-forged");
        String query = signed.query().replaceFirst("msg_signature=[0-9a-f]+", "msg_signature=" + "a".repeat(40));

        assertThat(post("safe", query, signed.body()).status()).isEqualTo(403);
        assertThat(received("o-forged")).isFalse();
    }

    @Test
    void should_refuse_plaintext_callbacks_to_a_safe_mode_binding() {
        var signed = WeixinCallbacks.signMp(
                safe, Mode.PLAINTEXT, text(safe, "o-plain", "hi"), WeixinCallbacks.now(), "n-plain");

        assertThat(post("safe", signed).status()).isEqualTo(400);
        assertThat(received("o-plain")).isFalse();
    }

    @Test
    void should_refuse_a_doctype_with_an_external_entity_and_never_resolve_it() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY leak SYSTEM \"file:///etc/passwd\">]>"
                + text(plain, "o-xxe", "&leak;");
        var signed = WeixinCallbacks.signMp(plain, Mode.PLAINTEXT, xxe, WeixinCallbacks.now(), "n-xxe");

        Response response = post("plain", signed);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("DOCTYPE").doesNotContain("root:");
        assertThat(received("o-xxe")).isFalse();
    }

    @Test
    void should_refuse_a_doctype_hidden_inside_the_encrypted_message() {
        String xxe = "<!DOCTYPE xml [<!ENTITY leak SYSTEM \"file:///etc/passwd\">]>" + text(safe, "o-xxe2", "&leak;");
        var signed = WeixinCallbacks.signMp(safe, Mode.SAFE, xxe, WeixinCallbacks.now(), "n-xxe2");

        assertThat(post("safe", signed).status()).isEqualTo(400);
        assertThat(received("o-xxe2")).isFalse();
    }

    @Test
    void should_answer_malformed_and_oversized_bodies_with_400() {
        var malformed = WeixinCallbacks.signMp(
                plain, Mode.PLAINTEXT, "<xml><MsgType>text</xml>", WeixinCallbacks.now(), "n-bad");
        String huge = text(plain, "o-huge", "x".repeat(MpFixture.scaledOptions().maxBodyBytes() + 1));
        var oversized = WeixinCallbacks.signMp(plain, Mode.PLAINTEXT, huge, WeixinCallbacks.now(), "n-huge");
        var notXml = WeixinCallbacks.signMp(plain, Mode.PLAINTEXT, "{\"json\":true}", WeixinCallbacks.now(), "n-json");
        String badCipher = "<xml><ToUserName>gh</ToUserName><Encrypt>bm90IGEgY2lwaGVy</Encrypt></xml>";
        String ts = Long.toString(WeixinCallbacks.now());
        String badCipherQuery = "signature=" + WeixinCrypto.signature(safe.token(), ts, "n-c") + "&timestamp=" + ts
                + "&nonce=n-c&encrypt_type=aes&msg_signature="
                + WeixinCrypto.signature(safe.token(), ts, "n-c", "bm90IGEgY2lwaGVy");

        assertThat(post("plain", malformed).status()).isEqualTo(400);
        assertThat(post("plain", oversized).status()).isEqualTo(400);
        assertThat(post("plain", notXml).status()).isEqualTo(400);
        assertThat(post("safe", badCipherQuery, badCipher).status()).isEqualTo(400);
        assertThat(received("o-huge")).isFalse();
    }

    @Test
    void should_answer_an_unknown_binding_with_404() {
        var signed =
                WeixinCallbacks.signMp(plain, Mode.PLAINTEXT, text(plain, "o-x", "hi"), WeixinCallbacks.now(), "n-404");

        assertThat(post("nobody", signed).status()).isEqualTo(404);
    }

    @Test
    void should_refuse_a_timestamp_outside_the_replay_window() {
        long old = WeixinCallbacks.now() - 3600;
        var signed = WeixinCallbacks.signMp(plain, Mode.PLAINTEXT, text(plain, "o-old", "hi"), old, "n-old");

        assertThat(post("plain", signed).status()).isEqualTo(403);
        assertThat(received("o-old")).isFalse();
    }

    @Test
    void should_refuse_a_reused_nonce_with_another_body_but_accept_the_same_callback_again() {
        long now = WeixinCallbacks.now();
        String first = text(plain, "o-replay", "first");
        var signed = WeixinCallbacks.signMp(plain, Mode.PLAINTEXT, first, now, "n-replay");
        var swapped =
                WeixinCallbacks.signMp(plain, Mode.PLAINTEXT, text(plain, "o-replay", "swapped"), now, "n-replay");

        assertThat(post("plain", signed).status()).isEqualTo(200);
        assertThat(post("plain", swapped).status()).isEqualTo(403);
        assertThat(post("plain", signed).status()).isEqualTo(200);
        assertThat(fixture.turns.received().stream()
                        .filter(m -> m.userId().equals("o-replay"))
                        .map(m -> m.text()))
                .containsExactly("first");
    }
}
