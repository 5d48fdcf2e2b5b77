package io.switchboard.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.testkit.BotApiCall;
import io.switchboard.testkit.BotApiFailure;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.TelegramUpdates;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelegramDeliveryTest {
    private static final long USER = 222;
    private TelegramFixture fixture;
    private FakeTelegramBotApi api;

    private void start(java.util.function.UnaryOperator<TelegramOptions.Builder> tweak) {
        fixture = TelegramFixture.start(tweak);
        api = fixture.api;
        fixture.bindWebhook("b1");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.webhookUrl() != null);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void should_wait_retry_after_on_429_and_send_the_message_once() {
        start(o -> o);
        api.failNext("sendMessage", BotApiFailure.tooManyRequests(1));

        api.postToWebhook(TelegramUpdates.privateText(USER, "busy?"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);
        List<BotApiCall> sends = api.calls("sendMessage");
        assertThat(sends).extracting(BotApiCall::status).containsExactly(429, 200);
        assertThat(sends.get(1).atNanos() - sends.get(0).atNanos())
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(api.messages(USER)).containsExactly("You said: busy?");
    }

    @Test
    void should_stop_sending_to_a_chat_that_blocked_the_bot_until_it_writes_again() {
        start(o -> o.maxMessageLength(100));
        String longAnswer = IntStream.range(0, 6)
                .mapToObj(i -> "Paragraph " + i + " explains one more thing about the product in some detail.")
                .collect(Collectors.joining("\n\n"));
        fixture.answers.put("tell me everything", longAnswer);
        api.failNext("sendMessage", BotApiFailure.blockedByUser());

        api.postToWebhook(TelegramUpdates.privateText(USER, "tell me everything"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !api.calls("sendMessage").isEmpty());
        // The user unblocks the bot and writes again; that answer comes after the first job ended.
        api.postToWebhook(TelegramUpdates.privateText(USER, "hello again"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).contains("You said: hello again"));
        List<BotApiCall> sends = api.calls("sendMessage");
        assertThat(sends).extracting(BotApiCall::status).containsExactly(403, 200);
        assertThat(api.messages(USER)).containsExactly("You said: hello again");
    }

    @Test
    void should_drop_messages_queued_before_the_block_and_answer_those_sent_after_it() {
        start(o -> o);
        fixture.turns.chunks(4, 10);
        fixture.answers.put("first", "This answer takes a while to stream, long enough for more to queue.");
        api.failNext("sendMessage", BotApiFailure.blockedByUser());

        api.postToWebhook(TelegramUpdates.privateText(USER, "first"));
        api.postToWebhook(TelegramUpdates.privateText(USER, "queued before the block"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !api.calls("sendMessage").isEmpty());
        api.postToWebhook(TelegramUpdates.privateText(USER, "after unblocking"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);
        assertThat(fixture.turns.received())
                .extracting(InboundMessage::text)
                .containsExactly("first", "after unblocking");
        assertThat(api.calls("sendMessage")).extracting(BotApiCall::status).containsExactly(403, 200);
        assertThat(api.messages(USER)).containsExactly("You said: after unblocking");
    }

    @Test
    void should_split_a_long_answer_on_paragraph_and_sentence_boundaries() {
        start(o -> o);
        String sentence = "Every sentence here is a complete thought that ends with a full stop. ";
        String paragraph = sentence.repeat(20).strip();
        String answer = String.join("\n\n", List.of(paragraph, paragraph, paragraph, paragraph, paragraph, paragraph));
        assertThat(answer.length()).isGreaterThan(8000);
        fixture.answers.put("long", answer);
        fixture.turns.chunks(600, 1);

        api.postToWebhook(TelegramUpdates.privateText(USER, "long"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() >= 3);
        List<String> parts = api.messages(USER);
        assertThat(parts).allSatisfy(part -> {
            assertThat(part.length()).isLessThanOrEqualTo(4096);
            assertThat(part).endsWith(".");
            assertThat(part).startsWith("Every sentence");
        });
        assertThat(String.join("", parts).replaceAll("\\s", "")).isEqualTo(answer.replaceAll("\\s", ""));
        assertThat(api.calls("sendMessage")).allMatch(BotApiCall::succeeded);
    }

    @Test
    void should_render_markdown_as_telegram_html() {
        start(o -> o);
        fixture.answers.put(
                "format", "## Steps\n- use **bold** and `a < b`\n- see [docs](https://example.org/a?b=1&c=2)");

        api.postToWebhook(TelegramUpdates.privateText(USER, "format"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);
        BotApiCall sent = api.sentMessages(USER).getFirst();
        assertThat(sent.params().getString("parse_mode")).isEqualToIgnoringCase("HTML");
        assertThat(sent.text())
                .isEqualTo("<b>Steps</b>\n• use <b>bold</b> and <code>a &lt; b</code>\n"
                        + "• see <a href=\"https://example.org/a?b=1&amp;c=2\">docs</a>");
        assertThat(api.messages(USER)).containsExactly("Steps\n• use bold and a < b\n• see docs");
    }

    @Test
    void should_fall_back_to_plain_text_when_telegram_refuses_the_markup() {
        start(o -> o);
        String crossed = "This is **bold *and** italic* crossed.";
        fixture.answers.put("crossed", crossed);

        api.postToWebhook(TelegramUpdates.privateText(USER, "crossed"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);
        List<BotApiCall> sends = api.calls("sendMessage");
        assertThat(sends).extracting(BotApiCall::status).containsExactly(400, 200);
        assertThat(sends.get(0).params().getString("parse_mode")).isEqualToIgnoringCase("HTML");
        assertThat(sends.get(1).params().containsKey("parse_mode")).isFalse();
        assertThat(api.messages(USER)).containsExactly(crossed);
    }

    @Test
    void should_send_the_answers_queued_behind_the_chat_pacing_before_it_stops() {
        start(o -> o.chatInterval(Duration.ofMillis(300))
                .groupMessagesPerMinute(20)
                .botMessagesPerSecond(30)
                .streamInterval(Duration.ofSeconds(5)));
        for (int i = 0; i < 4; i++) {
            api.postToWebhook(TelegramUpdates.privateText(USER, "message " + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !api.messages(USER).isEmpty());

        fixture.member(0).channel().stop();

        assertThat(api.messages(USER))
                .containsExactly(
                        "You said: message 0", "You said: message 1", "You said: message 2", "You said: message 3");
    }

    @Test
    void should_keep_the_per_chat_interval_between_messages() {
        start(o -> o.maxMessageLength(40)
                .chatInterval(Duration.ofMillis(150))
                .groupMessagesPerMinute(20)
                .botMessagesPerSecond(30)
                .streamInterval(Duration.ofSeconds(5)));
        fixture.answers.put(
                "three",
                "First part is here and long enough.\n\nSecond part follows right after.\n\nThird part ends it.");

        api.postToWebhook(TelegramUpdates.privateText(USER, "three"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 3);
        List<BotApiCall> sends = api.sentMessages(USER);
        for (int i = 1; i < sends.size(); i++) {
            assertThat(sends.get(i).atNanos() - sends.get(i - 1).atNanos())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(140).toNanos());
        }
        assertThat(fixture.turns.received()).extracting(InboundMessage::text).containsExactly("three");
    }
}
