package io.switchboard.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.testkit.BotApiCall;
import io.switchboard.testkit.BotApiFailure;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.TelegramUpdates;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TelegramWebhookTest {
    private static final long USER = 111;
    private TelegramFixture fixture;
    private FakeTelegramBotApi api;

    @BeforeEach
    void start() {
        fixture = TelegramFixture.start();
        api = fixture.api;
        fixture.bindWebhook("b1");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.webhookUrl() != null);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void should_register_the_webhook_with_its_secret_and_the_updates_it_handles() {
        assertThat(api.webhookUrl()).isEqualTo(fixture.member(0).publicUrl() + "/telegram/b1");
        assertThat(api.webhookSecret()).isEqualTo(TelegramFixture.SECRET);
        BotApiCall setWebhook = api.calls("setWebhook").getFirst();
        assertThat(setWebhook.token()).isEqualTo(TelegramFixture.TOKEN);
        assertThat(setWebhook.params().getValue("allowed_updates").toString())
                .contains("message")
                .contains("callback_query");
    }

    @Test
    void should_answer_a_private_message_with_a_growing_draft_then_the_final_message() {
        String answer = "Switchboard routes every chat to the right app. It streams answers as they come.";
        fixture.answers.put("hello", answer);
        fixture.turns.chunks(4, 5);

        assertThat(api.postToWebhook(TelegramUpdates.privateText(USER, "hello")))
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).equals(List.of(answer)));
        List<String> drafts =
                api.calls("sendMessageDraft").stream().map(BotApiCall::text).toList();
        assertThat(drafts).isNotEmpty().allSatisfy(draft -> assertThat(answer).startsWith(draft));
        assertThat(api.calls("sendMessageDraft").stream()
                        .map(c -> c.params().getValue("draft_id"))
                        .distinct())
                .hasSize(1);
        InboundMessage received = fixture.turns.last();
        assertThat(received.channel()).isEqualTo("telegram");
        assertThat(received.appId()).isEqualTo(TelegramFixture.APP);
        assertThat(received.conversationId()).isEqualTo("telegram:b1:111:0");
        assertThat(received.userId()).isEqualTo("111");
        assertThat(received.text()).isEqualTo("hello");
    }

    @Test
    void should_stream_by_editing_a_message_when_telegram_refuses_drafts() {
        String answer = "Drafts are refused here, so the answer grows in an edited message instead.";
        fixture.answers.put("no drafts", answer);
        fixture.turns.chunks(4, 5);
        api.failNext("sendMessageDraft", BotApiFailure.badRequest("method is unavailable for this bot"));

        api.postToWebhook(TelegramUpdates.privateText(USER, "no drafts"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).equals(List.of(answer)));
        assertThat(api.calls("sendMessageDraft")).hasSize(1);
        assertThat(api.calls("editMessageText")).isNotEmpty();
        assertThat(api.sentMessages(USER)).hasSize(1);
    }

    @Test
    void should_refuse_webhook_requests_without_the_right_secret_and_process_nothing() {
        JsonObject update = api.withId(TelegramUpdates.privateText(USER, "sneaky"));
        String url = api.webhookUrl();

        assertThat(api.postToWebhook(url, update.encode(), null)).isEqualTo(401);
        assertThat(api.postToWebhook(url, update.encode(), "wrong-secret-wrong-secret"))
                .isEqualTo(403);
        assertThat(api.postToWebhook(url + "x", update.encode(), TelegramFixture.SECRET))
                .isEqualTo(404);

        // The same update_id with the right secret is still new: the refused ones left no trace.
        assertThat(api.postToWebhook(update)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);
        assertThat(fixture.turns.received()).hasSize(1);
    }

    @Test
    void should_handle_a_redelivered_update_once() {
        JsonObject update = api.withId(TelegramUpdates.privateText(USER, "once"));

        assertThat(api.postToWebhook(update)).isEqualTo(200);
        assertThat(api.postToWebhook(update)).isEqualTo(200);
        // A later update in the same chat is answered after anything queued before it.
        api.postToWebhook(TelegramUpdates.privateText(USER, "later"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 2);
        assertThat(fixture.turns.received()).extracting(InboundMessage::text).containsExactly("once", "later");
        assertThat(api.messages(USER)).containsExactly("You said: once", "You said: later");
    }

    @Test
    void should_not_answer_an_update_redelivered_after_the_whole_cluster_restarted() {
        JsonObject update = api.withId(TelegramUpdates.privateText(USER, "once"));
        assertThat(api.postToWebhook(update)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);

        fixture.state.restartCluster();

        assertThat(api.postToWebhook(update)).isEqualTo(200);
        api.postToWebhook(TelegramUpdates.privateText(USER, "later"));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 2);
        assertThat(api.messages(USER)).containsExactly("You said: once", "You said: later");
    }

    @Test
    void should_answer_503_and_take_the_redelivery_when_durable_state_cannot_record_the_update() {
        JsonObject update = api.withId(TelegramUpdates.privateText(USER, "recorded?"));
        fixture.durable.down(true);

        assertThat(api.postToWebhook(update)).isEqualTo(503);

        fixture.durable.down(false);
        assertThat(api.postToWebhook(update)).as("not taken for a repeat").isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);
        assertThat(api.messages(USER)).containsExactly("You said: recorded?");
    }

    @Test
    void should_refuse_non_updates_acknowledge_malformed_updates_and_keep_working() {
        String url = api.webhookUrl();
        assertThat(api.postToWebhook(url, "not json at all", TelegramFixture.SECRET))
                .isEqualTo(400);
        assertThat(api.postToWebhook(url, "[1,2,3]", TelegramFixture.SECRET)).isEqualTo(400);
        assertThat(api.postToWebhook(url, "{\"update_id\":\"x\"}", TelegramFixture.SECRET))
                .isEqualTo(400);
        // Updates Telegram sent that we cannot read: acknowledged, or Telegram would send them forever.
        assertThat(api.postToWebhook(new JsonObject().put("message", "oops"))).isEqualTo(200);
        assertThat(api.postToWebhook(new JsonObject().put("message", new JsonObject().put("chat", 5))))
                .isEqualTo(200);

        api.postToWebhook(TelegramUpdates.privateText(USER, "still there?"));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);
        assertThat(fixture.turns.received()).extracting(InboundMessage::text).containsExactly("still there?");
    }

    @Test
    void should_refuse_an_oversized_body_with_413() {
        String huge = "{\"update_id\":1,\"message\":{\"text\":\"" + "x".repeat(1_100_000) + "\"}}";

        assertThat(api.postToWebhook(api.webhookUrl(), huge, TelegramFixture.SECRET))
                .isEqualTo(413);
        assertThat(fixture.turns.received()).isEmpty();
    }

    @Test
    void should_remove_the_webhook_and_refuse_updates_once_the_binding_is_gone() {
        String url = api.webhookUrl();

        fixture.accounts.remove("b1");
        fixture.member(0).channel().accountChanged("b1");

        await().atMost(Duration.ofSeconds(10)).until(() -> api.webhookUrl() == null);
        JsonObject update = api.withId(TelegramUpdates.privateText(USER, "anyone?"));
        assertThat(api.postToWebhook(url, update.encode(), TelegramFixture.SECRET))
                .isEqualTo(404);
        assertThat(fixture.turns.received()).isEmpty();
    }

    @Test
    void should_reply_to_photos_and_voice_notes_with_the_configured_texts() {
        fixture.bind(
                "b1",
                new JsonObject()
                        .put("botToken", TelegramFixture.TOKEN)
                        .put("webhookSecret", TelegramFixture.SECRET)
                        .put("photoReply", "Nice picture, but I read only text.")
                        .put("voiceReply", "Please type instead."));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postToWebhook(TelegramUpdates.privatePhoto(USER)) == 200
                        && api.messages(USER).contains("Nice picture, but I read only text."));

        api.postToWebhook(TelegramUpdates.privateVoice(USER));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).contains("Please type instead."));
        assertThat(fixture.turns.received()).isEmpty();
    }
}
