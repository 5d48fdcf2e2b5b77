package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
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
import io.switchboard.testkit.RecordedRequest;
import io.switchboard.testkit.TelegramUpdates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follow-up suggestions written by a model, end to end: an app answering with one fake provider names a
 * cheaper one for its follow-ups. Through the web chat (an event after {@code done}), the developer API
 * (the official client keeps {@code follow_ups}, streamed and not) and Telegram (buttons in a message
 * after the answer), the follow-ups come from the named model — asked after the answer, in the app's
 * reply language — and never from the app's own model; the log keeps them with the turn.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelFollowUpsEndToEndTest {
    private static final String APP = "suggesting";
    private static final long USER = 7401;
    private static final String SECRET = "follow-ups-webhook-secret-0123456789";
    private static final List<String> QUESTIONS = List.of("How much is it?", "Where is it sold?");

    private final FakeOpenAiServer model = FakeOpenAiServer.create().start();
    private final FakeOpenAiServer cheap = FakeOpenAiServer.create()
            .defaultBehaviour(ModelBehaviour.reply("[\"How much is it?\", \"Where is it sold?\", \"A third?\"]"))
            .start();
    private FakeTelegramBotApi telegram;
    private Gateway gateway;
    private HttpTestClient admin;
    private OpenAIClient client;
    private String webhook;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        telegram = FakeTelegramBotApi.start();
        gateway = Gateway.start(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                .telegram(TestGateways.fastTelegram(telegram.baseUrl()))
                .build());
        String base = "http://127.0.0.1:" + gateway.port();
        admin = new HttpTestClient(base).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        provider("fake", model.baseUrl());
        provider("cheap", cheap.baseUrl());
        JsonObject config = new JsonObject()
                .put("name", "Suggesting")
                .put("model", new JsonObject().put("providerId", "fake").put("modelName", "fake-model"))
                .put("replyLanguage", "en")
                .put(
                        "followUps",
                        new JsonObject()
                                .put("count", 2)
                                .put("providerId", "cheap")
                                .put("modelName", "cheap-model"));
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps",
                        new JsonObject().put("id", APP).put("config", config).encode()));
        expect(201, admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{}"));
        String key = expect(201, admin.send("POST", "/admin/v1/apps/" + APP + "/keys", "{\"name\":\"fu\"}"))
                .json()
                .get("key")
                .asText();
        client = OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey(key).build();
        String binding = expect(
                        201,
                        admin.send(
                                "POST",
                                "/admin/v1/apps/" + APP + "/channels",
                                new JsonObject()
                                        .put("type", "telegram")
                                        .put(
                                                "settings",
                                                new JsonObject()
                                                        .put("botToken", "333333351:AAEfollowUpsEndToEnd0000000000000")
                                                        .put("webhookSecret", SECRET))
                                        .encode()))
                .json()
                .get("id")
                .asText();
        webhook = base + "/telegram/" + binding;
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        telegram.close();
        cheap.close();
        model.close();
    }

    @Test
    void should_offer_the_named_models_follow_ups_after_the_answer_on_web_chat_api_and_telegram() {
        // Web chat: the follow-ups event comes after the answer's done event.
        int asked = model.requests().size();
        List<Event> web = new HttpTestClient("http://127.0.0.1:" + gateway.port())
                .events("/chat/" + APP + "/messages", "{\"text\":\"what is a widget\"}");
        List<String> names = web.stream().map(Event::name).toList();
        assertThat(names).contains("done", "followUps");
        assertThat(names.indexOf("followUps")).as("after the answer").isGreaterThan(names.indexOf("done"));
        List<String> offered = new ArrayList<>();
        web.get(names.indexOf("followUps")).data().get("questions").forEach(q -> offered.add(q.asText()));
        assertThat(offered).isEqualTo(QUESTIONS);
        assertNamedModelWrote("what is a widget", asked);

        // Developer API, whole response and streamed: an extra field the official client keeps.
        asked = model.requests().size();
        ChatCompletion plain = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(APP)
                        .addUserMessage("what is a gadget")
                        .build());
        JsonValue field = plain._additionalProperties().get("follow_ups");
        assertThat(field).isNotNull();
        assertThat(field.toString()).contains(QUESTIONS.get(0)).contains(QUESTIONS.get(1));
        assertNamedModelWrote("what is a gadget", asked);

        asked = model.requests().size();
        String streamed;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model(APP)
                        .addUserMessage("what is a gizmo")
                        .build())) {
            streamed = stream.stream()
                    .map(chunk -> chunk._additionalProperties().get("follow_ups"))
                    .filter(value -> value != null)
                    .map(Object::toString)
                    .collect(Collectors.joining());
        }
        assertThat(streamed).contains(QUESTIONS.get(0)).contains(QUESTIONS.get(1));
        assertNamedModelWrote("what is a gizmo", asked);

        // Telegram: the answer, then the follow-ups as buttons in a message of their own.
        asked = model.requests().size();
        String body = telegram.withId(TelegramUpdates.privateText(USER, "what is a doohickey"))
                .encode();
        await().atMost(Duration.ofSeconds(10)).until(() -> telegram.postToWebhook(webhook, body, SECRET) == 200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> telegram.sentMessages(USER).size() >= 2);
        List<BotApiCall> sent = telegram.sentMessages(USER);
        assertThat(telegram.messages(USER).getFirst()).startsWith("echo: what is a doohickey");
        assertThat(sent.get(1).text()).isEqualTo("You might also ask:");
        List<String> buttons = new ArrayList<>();
        keyboard(sent.get(1))
                .forEach(row -> buttons.add(((JsonArray) row).getJsonObject(0).getString("text")));
        assertThat(buttons).isEqualTo(QUESTIONS);
        assertNamedModelWrote("what is a doohickey", asked);

        // The log keeps them with each turn.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode logs = admin.send("GET", "/admin/v1/apps/" + APP + "/logs?limit=10", null)
                    .json();
            assertThat(logs.get("total").asInt()).isEqualTo(4);
            logs.get("items")
                    .forEach(item -> assertThat(item.get("followUps").toString())
                            .contains(QUESTIONS.get(0))
                            .contains(QUESTIONS.get(1)));
        });
    }

    /**
     * The app's model answered {@code question} once and wrote no follow-ups; the named model was asked
     * for them, with the question and the answer, in the app's reply language.
     */
    private void assertNamedModelWrote(String question, int askedBefore) {
        assertThat(model.requests()).as("the app's model answers, once").hasSize(askedBefore + 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cheap.requests().stream().anyMatch(r -> asks(r, question)));
        RecordedRequest request = cheap.requests().stream()
                .filter(r -> asks(r, question))
                .findFirst()
                .orElseThrow();
        assertThat(request.body().getString("model")).isEqualTo("cheap-model");
        JsonArray messages = request.body().getJsonArray("messages");
        assertThat(messages.getJsonObject(0).getString("content"))
                .contains("Suggest 2 short follow-up questions")
                .contains("in this language: en");
        assertThat(messages.getJsonObject(1).getString("content"))
                .contains("User: " + question)
                .contains("Assistant: echo: " + question);
    }

    private static boolean asks(RecordedRequest request, String question) {
        return request.body().encode().contains("User: " + question);
    }

    private static JsonArray keyboard(BotApiCall call) {
        Object markup = call.params().getValue("reply_markup");
        JsonObject object = markup instanceof JsonObject json ? json : new JsonObject(String.valueOf(markup));
        return object.getJsonArray("inline_keyboard");
    }

    private void provider(String id, String baseUrl) {
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/providers",
                        new JsonObject()
                                .put("id", id)
                                .put("kind", "OPENAI_COMPATIBLE")
                                .put("baseUrl", baseUrl)
                                .put("apiKey", "sk-" + id)
                                .encode()));
    }

    private static Reply expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ", got " + reply);
        }
        return reply;
    }
}
