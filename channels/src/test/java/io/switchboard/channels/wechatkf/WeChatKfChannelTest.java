package io.switchboard.channels.wechatkf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.weixin.FakeWeChatKf;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCrypto;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeChatKfChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private KfFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private KfFixture started() {
        fixture = KfFixture.start();
        fixture.bind();
        await().atMost(WAIT).until(() -> fixture.holder() == 0);
        return fixture;
    }

    @Test
    void should_echo_the_decrypted_echostr_for_the_url_check() {
        KfFixture f = started();
        String ts = Long.toString(WeixinCallbacks.now());
        String echo = WeixinCrypto.encrypt(KfFixture.CORP.encodingAesKey(), KfFixture.CORP.corpId(), "echo-123");
        String signature = WeixinCrypto.signature(KfFixture.CORP.token(), ts, "n1", echo);
        var response = f.web.getAbs(f.member(0).url())
                .addQueryParam("msg_signature", signature)
                .addQueryParam("timestamp", ts)
                .addQueryParam("nonce", "n1")
                .addQueryParam("echostr", echo)
                .send()
                .await();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo("echo-123");
    }

    @Test
    void should_sync_on_the_callback_and_answer_once_within_the_session() {
        KfFixture f = started();
        String msgid = f.wecom.customerSays(KfFixture.KF, "wmUser1", "opening hours?");

        assertThat(f.notify(0, "sync-token-1").statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> f.wecom.sent().size() == 1);
        assertThat(f.wecom.sent().getFirst())
                .isEqualTo(new FakeWeChatKf.Sent(KfFixture.KF, "wmUser1", "You said: opening hours?"));
        assertThat(f.wecom.syncs())
                .anySatisfy(body -> assertThat(body.getString("token")).isEqualTo("sync-token-1"));
        await().atMost(WAIT).until(() -> KfTurns.DONE.equals(f.claim(msgid)));
        assertThat(f.turns.last().conversationId()).isEqualTo("wechat-kf:kf-1:wkAbC123:wmUser1");

        // The next callback syncs from the committed cursor: the first message is not read again.
        f.wecom.customerSays(KfFixture.KF, "wmUser1", "thanks");
        f.notify(0, "sync-token-2");
        await().atMost(WAIT).until(() -> f.wecom.sent().size() == 2);
        JsonObject last = f.wecom.syncs().getLast();
        assertThat(last.getString("cursor")).isEqualTo("c1");
        assertThat(f.turns.received()).extracting(m -> m.text()).containsExactly("opening hours?", "thanks");
    }

    @Test
    void should_refuse_a_callback_with_a_wrong_signature() {
        KfFixture f = started();
        WeixinCallbacks.Signed signed = WeixinCallbacks.signWeCom(
                new io.switchboard.testkit.weixin.CorpApp(
                        KfFixture.CORP.corpId(), "x", 0, "othertoken", KfFixture.CORP.encodingAesKey()),
                f.wecom.callbackXml(KfFixture.KF, "t"),
                WeixinCallbacks.now(),
                WeixinCallbacks.nonce());
        var response = f.web.postAbs(f.member(0).url() + "?" + signed.query())
                .sendBuffer(io.vertx.core.buffer.Buffer.buffer(signed.body()))
                .await();
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void should_not_answer_system_events() {
        KfFixture f = started();
        f.wecom.event(KfFixture.KF, "wmUser2");
        String msgid = f.wecom.customerSays(KfFixture.KF, "wmUser2", "hi");
        f.notify(0, "t");
        await().atMost(WAIT).until(() -> KfTurns.DONE.equals(f.claim(msgid)));
        assertThat(f.wecom.sent()).hasSize(1);
    }

    @Test
    void should_send_a_long_answer_in_parts_in_order_within_five_messages() {
        KfFixture f = started();
        String sentence = "营业时间是每天九点到十八点。";
        f.answers.put("long", sentence.repeat(400)); // ~16.8 KB: more than five parts
        f.answers.put("medium", sentence.repeat(300).substring(0, 1500)); // ~4.5 KB: three parts
        f.wecom.customerSays(KfFixture.KF, "wmUser3", "medium");
        f.notify(0, "t");
        await().atMost(WAIT).until(() -> f.wecom.sent().size() == 3);
        assertThat(String.join(
                        "",
                        f.wecom.sent().stream().map(FakeWeChatKf.Sent::content).toList()))
                .isEqualTo(f.answers.get("medium"));

        f.wecom.customerSays(KfFixture.KF, "wmUser4", "long");
        f.notify(0, "t");
        await().atMost(WAIT)
                .until(() -> f.wecom.sent().stream()
                                .filter(s -> s.externalUserId().equals("wmUser4"))
                                .count()
                        == 5);
        List<String> parts = f.wecom.sent().stream()
                .filter(s -> s.externalUserId().equals("wmUser4"))
                .map(FakeWeChatKf.Sent::content)
                .toList();
        assertThat(parts)
                .allSatisfy(p ->
                        assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2047));
        assertThat(parts.getLast()).endsWith("…");
        assertThat(f.answers.get("long")).startsWith(String.join("", parts.subList(0, 4)));
    }

    @Test
    void should_fetch_a_new_access_token_after_a_token_error() {
        KfFixture f = started();
        f.wecom.customerSays(KfFixture.KF, "wmUser5", "one");
        f.notify(0, "t");
        await().atMost(WAIT).until(() -> f.wecom.sent().size() == 1);
        f.wecom.invalidateTokens();
        f.wecom.customerSays(KfFixture.KF, "wmUser5", "two");
        f.notify(0, "t");
        await().atMost(WAIT).until(() -> f.wecom.sent().size() == 2);
    }

    @Test
    void should_sync_without_a_callback_every_poll_interval() {
        fixture = KfFixture.start(o -> o.pollInterval(Duration.ofMillis(200)));
        fixture.bind();
        fixture.wecom.customerSays(KfFixture.KF, "wmUser6", "anyone?");
        await().atMost(WAIT).until(() -> fixture.wecom.sent().size() == 1);
    }

    @Test
    void should_retry_a_failed_sync_from_the_same_cursor() {
        KfFixture f = started();
        f.wecom.failNext("/cgi-bin/kf/sync_msg", -1, -1);
        String msgid = f.wecom.customerSays(KfFixture.KF, "wmUser7", "are you there?");
        f.notify(0, "t");
        await().atMost(WAIT).until(() -> KfTurns.DONE.equals(f.claim(msgid)));
        assertThat(f.wecom.sent()).hasSize(1);
    }

    @Test
    void should_name_the_setting_to_fix() {
        assertThatThrownBy(() -> KfBindingType.INSTANCE.validate(new JsonObject().put("corpId", "nope")))
                .hasMessageContaining("settings.corpId");
        assertThatThrownBy(() -> KfBindingType.INSTANCE.validate(new JsonObject()
                        .put("corpId", "wwabcdef")
                        .put("secret", "0123456789")
                        .put("token", "tok")
                        .put("encodingAesKey", "short")))
                .hasMessageContaining("settings.encodingAesKey");
        assertThat(KfBindingType.INSTANCE.secretFields())
                .containsExactlyInAnyOrder("secret", "token", "encodingAesKey");
        assertThat(KfBindingType.INSTANCE.callbackPath("b")).isEqualTo("/wechat-kf/b");
    }
}
