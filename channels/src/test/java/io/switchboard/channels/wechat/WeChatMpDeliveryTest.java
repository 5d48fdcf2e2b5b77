package io.switchboard.channels.wechat;

import static io.switchboard.channels.testing.ChannelContractTest.answerTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.weixin.OfficialAccount;
import io.switchboard.testkit.weixin.Seen;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCallbacks.Mode;
import io.switchboard.testkit.weixin.WeixinCallbacks.Outcome;
import io.switchboard.testkit.weixin.WeixinMessages;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Message types and delivery paths of the official-account channel, with the platform's timing scaled
 * down five times (1 s deadline, 0.8 s passive budget): passive replies, customer-service messages
 * with their limits, WeChat's retries on the other member, pending answers handed over later.
 */
class WeChatMpDeliveryTest {
    private static final String LONG_QUESTION = "long " + "很长的回答。".repeat(1200); // about 21 KiB: 11 parts
    private static MpFixture fixture;
    private static OfficialAccount service;
    private static OfficialAccount subscription;

    @BeforeAll
    static void start() {
        fixture = new MpFixture(MpFixture.scaledOptions());
        JsonObject extra = new JsonObject()
                .put(
                        "clickQuestions",
                        new JsonObject()
                                .put("MENU_HOURS", "What are your opening hours?")
                                .put("MENU_LONG", LONG_QUESTION))
                .put("unsupportedReply", "Please send text.")
                .put("pendingNotice", "Still thinking; send anything to get the answer.");
        service = fixture.bind("svc", Mode.SAFE, true, extra);
        subscription = fixture.bind("sub", Mode.COMPATIBLE, false, extra);
        // Load the SDK and build both accounts' services before timing anything.
        text(service, "svc", "warm-up", "warm up");
        text(subscription, "sub", "warm-up", "warm up");
        fixture.platform.reset();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void fastModel() {
        fixture.model.delay(Duration.ZERO);
    }

    private static String user() {
        return "o" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Outcome deliver(OfficialAccount account, String binding, String xml) {
        Mode mode = account == service ? Mode.SAFE : Mode.COMPATIBLE;
        return fixture.deliver(account, mode, binding, xml, 3);
    }

    private static Outcome text(OfficialAccount account, String binding, String user, String content) {
        return deliver(
                account,
                binding,
                WeixinMessages.text(account.originalId(), user, WeixinCallbacks.now(), MpFixture.nextMsgId(), content));
    }

    private static List<String> seen(String user) {
        return fixture.platform.seen(user).stream()
                .map(s -> s.via() + ":" + s.text())
                .toList();
    }

    @Test
    void should_answer_a_fast_turn_passively_with_an_encrypted_reply() {
        String user = user();

        Outcome outcome = text(service, "svc", user, "hello");

        assertThat(outcome.attempts()).hasSize(1);
        assertThat(outcome.attempts().getFirst().body()).contains("<Encrypt>").doesNotContain(answerTo("hello"));
        assertThat(seen(user)).containsExactly("passive:" + answerTo("hello"));
    }

    @Test
    void should_answer_voice_through_its_recognition_and_other_types_with_the_configured_reply() {
        String user = user();

        deliver(
                service,
                "svc",
                WeixinMessages.voice(
                        service.originalId(), user, WeixinCallbacks.now(), MpFixture.nextMsgId(), "天气怎么样"));
        deliver(
                service,
                "svc",
                WeixinMessages.image(service.originalId(), user, WeixinCallbacks.now(), MpFixture.nextMsgId()));
        deliver(
                service,
                "svc",
                WeixinMessages.voice(service.originalId(), user, WeixinCallbacks.now(), MpFixture.nextMsgId(), null));

        assertThat(seen(user))
                .containsExactly(
                        "passive:" + answerTo("天气怎么样"), "passive:Please send text.", "passive:Please send text.");
    }

    @Test
    void should_greet_a_new_follower_with_the_opening_statement_and_suggested_questions() {
        String user = user();

        deliver(
                service,
                "svc",
                WeixinMessages.event(service.originalId(), user, WeixinCallbacks.now(), "subscribe", null));

        assertThat(seen(user))
                .singleElement()
                .asString()
                .startsWith("passive:" + MpFixture.OPENING)
                .contains(MpFixture.SUGGESTIONS.get(0), MpFixture.SUGGESTIONS.get(1));
        assertThat(fixture.turns.received()).noneMatch(m -> m.userId().equals(user));
    }

    @Test
    void should_ask_the_mapped_question_for_a_menu_click_and_ignore_other_events() {
        String user = user();
        long now = WeixinCallbacks.now();

        deliver(service, "svc", WeixinMessages.event(service.originalId(), user, now, "CLICK", "MENU_HOURS"));
        deliver(service, "svc", WeixinMessages.event(service.originalId(), user, now + 1, "CLICK", "UNMAPPED"));
        deliver(
                service,
                "svc",
                WeixinMessages.event(service.originalId(), user, now + 2, "VIEW", "https://example.org"));

        assertThat(seen(user)).containsExactly("passive:" + answerTo("What are your opening hours?"));
    }

    @Test
    void should_answer_success_then_send_a_customer_service_message_when_the_model_is_slow() {
        String user = user();
        fixture.model.delay(Duration.ofMillis(1200));

        Outcome outcome = text(service, "svc", user, "slow question");

        assertThat(outcome.attempts()).hasSize(1);
        assertThat(outcome.attempts().getFirst().body()).isEqualTo("success");
        await().atMost(Duration.ofSeconds(5)).until(() -> !seen(user).isEmpty());
        assertThat(seen(user)).containsExactly("custom:" + answerTo("slow question"));
    }

    @Test
    void should_split_a_long_answer_at_2048_bytes_and_keep_what_exceeds_the_allowance_for_the_next_message() {
        String user = user();
        String question = "long " + "很长的回答。".repeat(1200); // about 21 KiB: 11 parts
        Outcome outcome = text(service, "svc", user, question);

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(fixture.platform.seen(user).stream()
                                .map(s -> s.via() + s.text().length())
                                .toList())
                        .hasSizeGreaterThanOrEqualTo(6));
        List<Seen> parts = fixture.platform.seen(user);
        assertThat(parts.getFirst().via()).isEqualTo("passive");
        assertThat(parts.subList(1, parts.size()))
                .hasSize(5)
                .allMatch(s -> s.via().equals("custom"));
        assertThat(parts).allMatch(s -> s.text().getBytes(StandardCharsets.UTF_8).length <= 2047);
        assertThat(outcome.failed()).isFalse();
        // The sixth part is seen a moment before what exceeds the allowance is kept for the next message.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> fixture.shared.keys("wx:pending:svc:" + user).size() == 1);

        text(service, "svc", user, "next");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> fixture.platform.seen(user).size() >= 7);
        String handedOver = String.join(
                "", fixture.platform.seen(user).stream().map(Seen::text).toList());
        assertThat(handedOver.replace("\n", ""))
                .contains(answerTo(question).replace("\n", ""))
                .endsWith(answerTo("next"));
    }

    @Test
    void should_send_at_most_three_customer_service_messages_after_a_menu_click() {
        String user = user();

        deliver(
                service,
                "svc",
                WeixinMessages.event(service.originalId(), user, WeixinCallbacks.now(), "CLICK", "MENU_LONG"));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> fixture.shared.keys("wx:pending:svc:" + user).size() == 1);
        List<Seen> parts = fixture.platform.seen(user);
        assertThat(parts).hasSize(4);
        assertThat(parts.getFirst().via()).isEqualTo("passive");
        assertThat(parts.subList(1, 4)).allMatch(s -> s.via().equals("custom"));
    }

    @Test
    void should_retry_a_busy_platform_and_refresh_a_rejected_token_without_sending_twice() {
        String user = user();
        fixture.platform.failNext("/cgi-bin/message/custom/send", -1, 1);
        fixture.platform.invalidateTokens();
        int tokensBefore = fixture.platform.tokensIssued();
        fixture.model.delay(Duration.ofMillis(1200));

        text(service, "svc", user, "flaky platform");

        await().atMost(Duration.ofSeconds(5)).until(() -> !seen(user).isEmpty());
        // A retry that sent again would land shortly after the first: nothing more may arrive meanwhile.
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5))
                .until(() -> seen(user).size() == 1);
        assertThat(seen(user)).containsExactly("custom:" + answerTo("flaky platform"));
        assertThat(fixture.platform.tokensIssued() - tokensBefore).isBetween(1, 2);
    }

    @Test
    void should_hold_a_subscription_account_callback_so_that_the_retry_on_the_other_member_answers() {
        String user = user();
        fixture.model.delay(Duration.ofMillis(1225)); // 4.9 s at full scale

        Outcome outcome = text(subscription, "sub", user, "a bit slow");

        assertThat(outcome.attempts()).hasSize(2);
        assertThat(outcome.attempts().get(0).timedOut()).isTrue();
        assertThat(outcome.attempts().get(1).member()).isEqualTo(1);
        assertThat(seen(user)).containsExactly("passive:" + answerTo("a bit slow"));
        assertThat(fixture.turns.received().stream().filter(m -> m.userId().equals(user)))
                .hasSize(1);
    }

    @Test
    void should_show_the_pending_notice_on_the_third_try_and_hand_the_answer_over_on_the_next_message() {
        String user = user();
        fixture.model.delay(Duration.ofMillis(4000)); // 20 s at full scale

        Outcome outcome = text(subscription, "sub", user, "very slow");

        assertThat(outcome.attempts()).hasSize(3);
        assertThat(seen(user)).containsExactly("passive:Still thinking; send anything to get the answer.");
        await().atMost(Duration.ofSeconds(6))
                .until(() -> fixture.turns.completed() > 0
                        && fixture.shared.keys("wx:pending:sub:" + user).size() == 1);

        fixture.model.delay(Duration.ZERO);
        text(subscription, "sub", user, "hello again");

        assertThat(seen(user))
                .last()
                .asString()
                .isEqualTo("passive:" + answerTo("very slow") + "\n\n" + answerTo("hello again"));
    }
}
