package io.switchboard.channels.wecom;

import static io.switchboard.channels.testing.ChannelContractTest.answerTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.testkit.weixin.CorpApp;
import io.switchboard.testkit.weixin.Seen;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCallbacks.Response;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WeCom: URL check, empty 200, text and markdown, 2048-byte parts, the per-member rate, tokens. */
class WeComChannelTest {
    private static CpFixture fixture;
    private static CorpApp text;
    private static CorpApp markdown;

    @BeforeAll
    static void start() {
        // A rate window of 2 s instead of a minute, so that the 31st message visibly waits for the next.
        fixture = new CpFixture(WeComOptions.builder()
                .sendBackoff(Duration.ofMillis(10))
                .rateWindow(Duration.ofSeconds(2))
                .build());
        fixture.platform.appRateWindow(Duration.ofSeconds(2));
        text = fixture.bind("wc-text", 1000002, false);
        markdown = fixture.bind("wc-md", 1000005, true);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String user() {
        return "m" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static WeixinCallbacks.Outcome send(CorpApp app, String binding, String user, String content) {
        return fixture.deliver(app, binding, CpFixture.text(app, user, content), fixture.urls(binding));
    }

    @Test
    void should_decrypt_and_echo_echostr_for_the_url_check() {
        Response response = ChannelTestServer.await(
                fixture.platform.callbacks().verifyWeCom(text, fixture.url(1, "wc-text"), "echo-123"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("echo-123");
    }

    @Test
    void should_refuse_the_url_check_with_another_token() {
        CorpApp impostor =
                new CorpApp(text.corpId(), text.secret(), text.agentId(), "wrongToken", text.encodingAesKey());

        assertThat(ChannelTestServer.await(
                                fixture.platform.callbacks().verifyWeCom(impostor, fixture.url(0, "wc-text"), "x"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void should_acknowledge_with_an_empty_200_before_the_answer_and_send_it_as_text() {
        String user = user();
        fixture.model.delay(Duration.ofMillis(1500));
        try {
            var outcome = send(text, "wc-text", user, "hello");

            assertThat(outcome.attempts()).singleElement().satisfies(a -> {
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.body()).isEmpty();
            });
            assertThat(fixture.platform.seen(user)).isEmpty();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !fixture.platform.seen(user).isEmpty());
            assertThat(fixture.platform.seen(user)).containsExactly(new Seen(user, "app", "text", answerTo("hello")));
        } finally {
            fixture.model.delay(Duration.ZERO);
        }
    }

    @Test
    void should_send_markdown_when_the_binding_asks_for_it() {
        String user = user();

        send(markdown, "wc-md", user, "**bold**?");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> !fixture.platform.seen(user).isEmpty());
        assertThat(fixture.platform.seen(user))
                .containsExactly(new Seen(user, "app", "markdown", answerTo("**bold**?")));
    }

    @Test
    void should_split_a_long_answer_into_parts_of_at_most_2048_bytes() {
        String user = user();
        String question = "长" + "这是一个很长的句子。".repeat(300);

        send(text, "wc-text", user, question);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> fixture.platform.seen(user).size() >= 5);
        List<Seen> parts = fixture.platform.seen(user);
        assertThat(parts).allMatch(p -> p.text().getBytes(StandardCharsets.UTF_8).length <= 2048);
        assertThat(parts).allMatch(p -> p.text().endsWith("。"));
        assertThat(String.join("", parts.stream().map(Seen::text).toList())).isEqualTo(answerTo(question));
    }

    @Test
    void should_hold_back_the_31st_message_to_a_member_until_the_next_window() {
        String user = user();
        long start = System.nanoTime();
        for (int i = 0; i < 31; i++) {
            send(text, "wc-text", user, "q" + i);
        }

        await().atMost(Duration.ofSeconds(10))
                .until(() -> fixture.platform.seen(user).size() == 31);
        assertThat(fixture.platform.dropped()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(300));
    }

    @Test
    void should_refresh_a_rejected_token_once_for_the_cluster_and_retry_a_busy_platform() {
        String user = user();
        fixture.platform.invalidateTokens();
        fixture.platform.failNext("/cgi-bin/message/send", -1, 1);
        int before = fixture.platform.tokensIssued();

        send(text, "wc-text", user, "after reset");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> !fixture.platform.seen(user).isEmpty());
        assertThat(fixture.platform.seen(user)).hasSize(1);
        assertThat(fixture.platform.tokensIssued() - before).isEqualTo(1);
    }

    @Test
    void should_validate_settings_with_messages_that_name_the_field() {
        var type = new WeComBindingType();
        JsonObject good = new JsonObject()
                .put("corpId", "ww1")
                .put("agentId", 1000002)
                .put("secret", "s")
                .put("token", "tok123")
                .put("encodingAesKey", text.encodingAesKey());

        assertThat(type.validate(good).getBoolean("markdown")).isFalse();
        assertThatThrownBy(() -> type.validate(good.copy().put("agentId", "x"))).hasMessageContaining("agentId");
        assertThatThrownBy(() -> type.validate(good.copy().put("encodingAesKey", "short")))
                .hasMessageContaining("encodingAesKey");
        assertThatThrownBy(() -> type.validate(good.copy().put("token", "bad token!")))
                .hasMessageContaining("token");
        assertThatThrownBy(() -> type.validate(good.copy().put("extra", 1)))
                .hasMessageContaining("unknown setting 'extra'");
        assertThat(type.secretFields()).contains("secret", "encodingAesKey");
        assertThat(type.callbackPath("b1")).isEqualTo("/wecom/b1");
    }
}
