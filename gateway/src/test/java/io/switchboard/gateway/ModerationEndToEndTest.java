package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.switchboard.gateway.HttpTestClient.Event;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.testkit.BotApiCall;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.TelegramUpdates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content moderation on a real node with the fake model: keyword lists made and imported through the
 * admin API, a keyword split across SSE chunks and written in traditional characters and full width,
 * masked in the web chat, the developer API (official OpenAI client) and Telegram (whose every send and
 * edit is checked); a blocked message never reaches the model; hits listed and counted in /metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModerationEndToEndTest {
    private static final String APP = "guarded";
    private static final String TOKEN = "333333333:AAEmoderationTestToken0000000000000";
    private static final String SECRET = "moderation-webhook-secret-012345";
    /** Traditional characters and full-width letters, each split into several chunks by the fake model. */
    private static final String ANSWER = "You could read about 法輪功 or say ｂａｄ ｗｏｒｄ loudly.";

    private static final String MASKED = "You could read about *** or say *** loudly.";

    private FakeOpenAiServer model;
    private FakeTelegramBotApi telegram;
    private Gateway gateway;
    private HttpTestClient admin;
    private HttpTestClient anonymous;
    private OpenAIClient client;
    private String webhook;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        model = FakeOpenAiServer.create().start();
        telegram = FakeTelegramBotApi.start();
        gateway = Gateway.start(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                .telegram(TestGateways.fastTelegram(telegram.baseUrl()))
                .build());
        String base = "http://127.0.0.1:" + gateway.port();
        anonymous = new HttpTestClient(base);
        admin = new HttpTestClient(base).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        created(admin.send(
                "POST",
                "/admin/v1/providers",
                new JsonObject()
                        .put("id", "fake")
                        .put("kind", "OPENAI_COMPATIBLE")
                        .put("baseUrl", model.baseUrl())
                        .put("apiKey", "sk-moderation")
                        .encode()));
        JsonObject config = new JsonObject()
                .put("name", "Guarded")
                .put("model", new JsonObject().put("providerId", "fake").put("modelName", "fake-model"))
                .put("moderation", new JsonObject().put("lists", new JsonArray().add("zh-politics")));
        created(admin.send(
                "POST",
                "/admin/v1/apps",
                new JsonObject().put("id", APP).put("config", config).encode()));
        created(admin.send("POST", "/admin/v1/moderation/lists", "{\"id\":\"zh-politics\",\"name\":\"Shared\"}"));
        created(admin.send(
                "POST",
                "/admin/v1/moderation/lists",
                "{\"id\":\"guarded-own\",\"name\":\"Own\",\"appId\":\"guarded\"}"));
        Reply imported = admin.send(
                "POST",
                "/admin/v1/moderation/lists/zh-politics/import",
                new JsonObject().put("text", "法轮功\n六四事件\n").encode());
        assertThat(imported.json().get("added").asInt()).isEqualTo(2);
        admin.send("POST", "/admin/v1/moderation/lists/guarded-own/words", "{\"words\":[\"badword\"]}");
        created(admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{}"));
        String key = admin.send("POST", "/admin/v1/apps/" + APP + "/keys", "{\"name\":\"mod\"}")
                .json()
                .get("key")
                .asText();
        client = OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey(key).build();
        Reply binding = admin.send(
                "POST",
                "/admin/v1/apps/" + APP + "/channels",
                new JsonObject()
                        .put("type", "telegram")
                        .put("settings", new JsonObject().put("botToken", TOKEN).put("webhookSecret", SECRET))
                        .encode());
        created(binding);
        webhook = base + "/telegram/" + binding.json().get("id").asText();
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        telegram.close();
        model.close();
    }

    @Test
    void should_mask_a_keyword_split_across_web_chat_sse_chunks_in_traditional_and_full_width_forms() {
        model.enqueue(ModelBehaviour.reply(ANSWER));

        List<Event> events = anonymous.events("/chat/" + APP + "/messages", "{\"text\":\"tell me something\"}");

        List<String> deltas = events.stream()
                .filter(e -> e.name().equals("delta"))
                .map(e -> e.data().get("text").asText())
                .toList();
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(String.join("", deltas)).isEqualTo(MASKED);
        assertThat(deltas).noneMatch(ModerationEndToEndTest::leaks);
        Event done =
                events.stream().filter(e -> e.name().equals("done")).findFirst().orElseThrow();
        assertThat(done.data().get("text").asText()).isEqualTo(MASKED);
    }

    @Test
    void should_block_a_message_with_the_preset_reply_without_calling_the_model() {
        long before = chatCalls();

        List<Event> events = anonymous.events("/chat/" + APP + "/messages", "{\"text\":\"法 轮 功是什么？\"}");
        ChatCompletion blocked = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(APP)
                        .addUserMessage("Tell me about ＢＡＤ-ＷＯＲＤ")
                        .build());

        Event done =
                events.stream().filter(e -> e.name().equals("done")).findFirst().orElseThrow();
        assertThat(done.data().get("text").asText()).isEqualTo("抱歉，这个话题我无法回答，我们聊点别的吧。");
        assertThat(blocked.choices().get(0).message().content().orElseThrow())
                .isEqualTo("Sorry, I can't help with that. Let's talk about something else.");
        assertThat(chatCalls()).isEqualTo(before);
    }

    @Test
    void should_mask_the_streamed_and_the_whole_answer_of_the_developer_api() {
        model.enqueue(ModelBehaviour.reply(ANSWER), ModelBehaviour.reply(ANSWER));

        String streamed;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model(APP)
                        .addUserMessage("tell me")
                        .build())) {
            List<String> parts = stream.stream()
                    .flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse(""))
                    .toList();
            assertThat(parts).noneMatch(ModerationEndToEndTest::leaks);
            streamed = String.join("", parts);
        }
        ChatCompletion whole = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(APP)
                        .addUserMessage("tell me")
                        .build());

        assertThat(streamed).isEqualTo(MASKED);
        assertThat(whole.choices().get(0).message().content().orElseThrow()).isEqualTo(MASKED);
    }

    @Test
    void should_end_a_replaced_answer_with_content_filter_on_the_developer_api() {
        JsonObject config = new JsonObject()
                .put("name", "Replacing")
                .put("model", new JsonObject().put("providerId", "fake").put("modelName", "fake-model"))
                .put(
                        "moderation",
                        new JsonObject()
                                .put("output", "replace")
                                .put("lists", new JsonArray().add("zh-politics"))
                                .put("presetReply", "Let's talk about something else."));
        created(admin.send(
                "POST",
                "/admin/v1/apps",
                new JsonObject().put("id", "replacing").put("config", config).encode()));
        created(admin.send("POST", "/admin/v1/apps/replacing/publish", "{}"));
        String key = admin.send("POST", "/admin/v1/apps/replacing/keys", "{\"name\":\"r\"}")
                .json()
                .get("key")
                .asText();
        OpenAIClient replacing = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
                .apiKey(key)
                .build();
        model.enqueue(ModelBehaviour.reply("A clean opening, then 法輪功 and more."));

        ChatCompletion whole = replacing
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("replacing")
                        .addUserMessage("hi")
                        .build());

        assertThat(whole.choices().get(0).message().content().orElseThrow())
                .isEqualTo("Let's talk about something else.");
        assertThat(whole.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.CONTENT_FILTER);
    }

    @Test
    void should_never_send_or_edit_a_keyword_into_a_telegram_chat() {
        model.enqueue(ModelBehaviour.reply(ANSWER));

        String body = telegram.withId(TelegramUpdates.privateText(901, "hello")).encode();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(telegram.postToWebhook(webhook, body, SECRET))
                        .isEqualTo(200));

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(telegram.messages(901)).contains(MASKED));
        List<String> shown = telegram.calls().stream()
                .filter(call ->
                        call.method().equals("sendMessage") || call.method().equals("editMessageText"))
                .map(BotApiCall::text)
                .filter(text -> text != null)
                .toList();
        assertThat(shown).isNotEmpty().noneMatch(ModerationEndToEndTest::leaks);
    }

    @Test
    void should_record_every_hit_and_count_it_in_metrics() {
        model.enqueue(ModelBehaviour.reply(ANSWER));
        anonymous.events("/chat/" + APP + "/messages", "{\"text\":\"once more\"}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode hits = admin.send("GET", "/admin/v1/apps/" + APP + "/moderation/hits?direction=output", null)
                    .json()
                    .get("hits");
            assertThat(hits).isNotEmpty();
            assertThat(hits.findValuesAsText("word")).contains("法轮功", "badword");
            assertThat(hits.findValuesAsText("source")).contains("zh-politics", "guarded-own");
            assertThat(hits.get(0).get("channel").asText()).isEqualTo("web");
        });
        String metrics = anonymous.send("GET", "/metrics", null).body();
        assertThat(metrics.lines()
                        .filter(line -> line.startsWith("switchboard_moderation_hits_total"))
                        .collect(Collectors.joining("\n")))
                .contains("direction=\"output\"")
                .contains("source=\"zh-politics\"");
    }

    @Test
    void should_block_and_replace_what_the_providers_moderation_flags_on_web_chat_and_the_developer_api() {
        // Another app, checked by the provider's /moderations endpoint on input and output (no lists).
        model.flagModeration("insult");
        JsonObject config = new JsonObject()
                .put("name", "Provider-checked")
                .put("model", new JsonObject().put("providerId", "fake").put("modelName", "fake-model"))
                .put(
                        "moderation",
                        new JsonObject()
                                .put(
                                        "provider",
                                        new JsonObject()
                                                .put("providerId", "fake")
                                                .put("input", true)
                                                .put("output", true)));
        created(admin.send(
                "POST",
                "/admin/v1/apps",
                new JsonObject().put("id", "checked").put("config", config).encode()));
        created(admin.send("POST", "/admin/v1/apps/checked/publish", "{}"));
        String key = admin.send("POST", "/admin/v1/apps/checked/keys", "{\"name\":\"checked\"}")
                .json()
                .get("key")
                .asText();
        OpenAIClient checked = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
                .apiKey(key)
                .build();
        long before = chatCalls();

        Event blockedWeb = done(anonymous.events("/chat/checked/messages", "{\"text\":\"you are an insult\"}"));
        ChatCompletion blockedApi = checked.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("checked")
                        .addUserMessage("what an insult")
                        .build());

        assertThat(blockedWeb.data().get("text").asText())
                .isEqualTo("Sorry, I can't help with that. Let's talk about something else.");
        assertThat(blockedApi.choices().get(0).message().content().orElseThrow())
                .isEqualTo("Sorry, I can't help with that. Let's talk about something else.");
        assertThat(chatCalls()).as("a flagged message never reaches the model").isEqualTo(before);

        // An answer the provider flags is replaced, and no piece of it was streamed.
        model.enqueue(ModelBehaviour.reply("here is an insult for you"));
        List<Event> answered = anonymous.events("/chat/checked/messages", "{\"text\":\"say something\"}");
        assertThat(answered.stream()
                        .filter(e -> e.name().equals("delta"))
                        .map(e -> e.data().get("text").asText()))
                .noneMatch(text -> text.contains("insult"));
        assertThat(done(answered).data().get("text").asText()).isNotBlank().doesNotContain("insult");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(admin.send("GET", "/admin/v1/apps/checked/moderation/hits", null)
                                .json()
                                .get("hits")
                                .findValuesAsText("source"))
                        .as("two flagged messages and a flagged answer")
                        .hasSizeGreaterThanOrEqualTo(3)
                        .containsOnly("provider"));
    }

    private static Event done(List<Event> events) {
        return events.stream().filter(e -> e.name().equals("done")).findFirst().orElseThrow();
    }

    /** True when a piece of text shows a keyword or a recognisable part of one. */
    private static boolean leaks(String text) {
        return text.contains("輪") || text.contains("法輪") || text.contains("ｗｏ") || text.contains("ｂａｄ");
    }

    private long chatCalls() {
        return model.requests().stream()
                .filter(r -> r.path().equals("/v1/chat/completions"))
                .count();
    }

    private static void created(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }
}
