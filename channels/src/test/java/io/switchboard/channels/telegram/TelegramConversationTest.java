package io.switchboard.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.testkit.BotApiCall;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.TelegramUpdates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TelegramConversationTest {
    private static final long USER = 333;
    private static final long GROUP = -100777;
    private static final String BOT = FakeTelegramBotApi.BOT_USERNAME;
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
    void should_show_the_opening_statement_with_suggested_questions_as_buttons_and_ask_a_pressed_one() {
        api.postToWebhook(TelegramUpdates.privateText(USER, "/start"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);
        BotApiCall opening = api.sentMessages(USER).getFirst();
        assertThat(api.messages(USER)).containsExactly("Welcome to the guide.");
        JsonArray rows = opening.params().getJsonObject("reply_markup").getJsonArray("inline_keyboard");
        assertThat(rows).hasSize(2);
        assertThat(rows.getJsonArray(0).getJsonObject(0).getString("text")).isEqualTo("What can you do?");
        assertThat(rows.getJsonArray(1).getJsonObject(0).getString("text")).isEqualTo("How do I start?");
        String data = rows.getJsonArray(1).getJsonObject(0).getString("callback_data");
        int messageId = 1;

        JsonObject press = TelegramUpdates.callback(USER, messageId, data);
        api.postToWebhook(press);

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 2);
        assertThat(api.calls("answerCallbackQuery"))
                .singleElement()
                .satisfies(call -> assertThat(call.params().getString("callback_query_id"))
                        .isEqualTo(press.getJsonObject("callback_query").getString("id")));
        assertThat(fixture.turns.received()).extracting(InboundMessage::text).containsExactly("How do I start?");
        assertThat(api.messages(USER).get(1)).isEqualTo("You said: How do I start?");
    }

    @Test
    void should_say_the_bot_is_unavailable_in_both_languages_when_its_app_is_not_published() {
        fixture.bind(
                "b1",
                "unpublished-app",
                new JsonObject().put("botToken", TelegramFixture.TOKEN).put("webhookSecret", TelegramFixture.SECRET));
        api.postToWebhook(TelegramUpdates.privateText(USER, "/start"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 1);
        assertThat(api.messages(USER)).containsExactly("This bot is not available right now. 这个机器人暂时无法使用。");
    }

    @Test
    void should_start_a_new_conversation_on_new() {
        api.postToWebhook(TelegramUpdates.privateText(USER, "first"));
        api.postToWebhook(TelegramUpdates.privateText(USER, "/new"));
        api.postToWebhook(TelegramUpdates.privateText(USER, "second"));
        api.postToWebhook(TelegramUpdates.privateText(USER, "/new"));
        api.postToWebhook(TelegramUpdates.privateText(USER, "third"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(USER).size() == 5);
        assertThat(fixture.turns.received())
                .extracting(InboundMessage::conversationId)
                .containsExactly("telegram:b1:333:0", "telegram:b1:333:1", "telegram:b1:333:2");
        assertThat(api.messages(USER).get(1)).isEqualTo(ChatWorker.NEW_CONVERSATION_TEXT);
    }

    @Test
    void should_answer_in_groups_only_when_mentioned_or_replied_to() {
        api.postToWebhook(TelegramUpdates.groupText(GROUP, 5, "just chatting among ourselves"));
        api.postToWebhook(TelegramUpdates.groupText(GROUP, 5, "/start@some_other_bot"));
        api.postToWebhook(TelegramUpdates.groupText(GROUP, 5, "@someone_else what is this?"));
        api.postToWebhook(TelegramUpdates.groupText(GROUP, 5, "@" + BOT + " what is Switchboard?"));
        api.postToWebhook(TelegramUpdates.groupReplyToBot(GROUP, 6, "and clustering?", 1, BOT));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(GROUP).size() == 2);
        assertThat(fixture.turns.received())
                .extracting(InboundMessage::text)
                .containsExactly("what is Switchboard?", "and clustering?");
        assertThat(api.messages(GROUP)).containsExactly("You said: what is Switchboard?", "You said: and clustering?");
        assertThat(api.calls("sendMessageDraft")).isEmpty();
        assertThat(api.calls("sendChatAction")).isNotEmpty();
    }

    @Test
    void should_follow_the_reply_and_all_group_modes() {
        bindAndAwaitWebhook("b2", "reply");
        api.postToWebhook(TelegramUpdates.groupText(GROUP, 5, "@" + BOT + " mentioned only"));
        api.postToWebhook(TelegramUpdates.groupReplyToBot(GROUP, 5, "a reply", 1, BOT));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(GROUP).size() == 1);
        assertThat(fixture.turns.received()).extracting(InboundMessage::text).containsExactly("a reply");

        bindAndAwaitWebhook("b3", "all");
        api.postToWebhook(TelegramUpdates.groupText(GROUP, 5, "anyone there"));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(GROUP).size() == 2);
        assertThat(api.messages(GROUP).get(1)).isEqualTo("You said: anyone there");
    }

    /** A new binding of the same bot; once its webhook is registered, updates go to it. */
    private void bindAndAwaitWebhook(String bindingId, String groupMode) {
        fixture.bind(bindingId, settings(groupMode));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.webhookUrl().endsWith("/" + bindingId));
    }

    @Test
    void should_stream_in_groups_by_editing_one_message() {
        String answer = "A group answer that grows over a few chunks until it is complete.";
        fixture.answers.put("grow", answer);
        fixture.turns.chunks(4, 5);

        api.postToWebhook(TelegramUpdates.groupText(GROUP, 5, "@" + BOT + " grow"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.messages(GROUP).equals(java.util.List.of(answer)));
        assertThat(api.calls("editMessageText")).isNotEmpty();
        assertThat(api.sentMessages(GROUP)).hasSize(1);
    }

    private static JsonObject settings(String groupMode) {
        return new JsonObject()
                .put("botToken", TelegramFixture.TOKEN)
                .put("webhookSecret", TelegramFixture.SECRET)
                .put("groupMode", groupMode);
    }
}
