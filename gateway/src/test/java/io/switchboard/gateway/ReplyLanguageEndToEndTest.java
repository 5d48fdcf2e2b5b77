package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.switchboard.gateway.HttpTestClient.Event;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.RecordedRequest;
import io.switchboard.testkit.TelegramUpdates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The turn's fixed replies — the offline fallback, the moderation reply, a busy and a refusing model —
 * in the app's reply language when it has one ({@code zh-CN}, {@code en}), else in the user's (Chinese
 * when the message holds Han characters, English otherwise), end to end on one node through the web
 * chat, the developer API (official OpenAI client; a failed turn is its 502 error) and a Telegram bot.
 * Every case asks once in English and once in Chinese and checks the whole text, so a reply in both
 * languages (what is sent when nothing tells) fails too. The app's language is also asked for in the
 * model's prompt, and only when the app has one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplyLanguageEndToEndTest {
    private static final String EN = "en";
    private static final String ZH = "zh";
    private static final Map<String, String> FALLBACK =
            Map.of(EN, "Sorry, I don't know the answer to that yet.", ZH, "抱歉，这个问题我暂时无法回答。");
    private static final Map<String, String> MODERATED =
            Map.of(EN, "Sorry, I can't help with that. Let's talk about something else.", ZH, "抱歉，这个话题我无法回答，我们聊点别的吧。");
    private static final Map<String, String> BUSY = Map.of(
            EN,
            "The AI service is busy or unreachable right now. Please try again in a moment.",
            ZH,
            "AI 服务暂时不可用，请稍后再试。");
    private static final Map<String, String> REJECTED = Map.of(
            EN, "The AI service rejected the request. Please contact the administrator.", ZH, "AI 服务拒绝了请求，请联系管理员。");

    /** What the user asks, by the language it is written in. */
    private static final Map<String, String> UNKNOWN_QUESTION = Map.of(EN, "Do you sell bicycles?", ZH, "你们卖自行车吗？");

    private static final Map<String, String> BLOCKED_QUESTION =
            Map.of(EN, "Tell me about badword please", ZH, "请告诉我 badword 是什么");
    private static final Map<String, String> QUESTION = Map.of(EN, "What is the weather like?", ZH, "今天天气怎么样？");

    /** The app languages under test: none (null) means the user's language decides. */
    private static final List<String> APP_LANGUAGES = java.util.Arrays.asList("zh-CN", "en", null);

    private final AtomicLong telegramUsers = new AtomicLong(8100);
    private final Map<String, OpenAIClient> clients = new HashMap<>();
    private final Map<String, String> webhooks = new HashMap<>();
    private FakeOpenAiServer echo;
    private FakeOpenAiServer busy;
    private FakeOpenAiServer refusing;
    private FakeTelegramBotApi telegram;
    private Gateway gateway;
    private HttpTestClient admin;
    private HttpTestClient anonymous;
    private int bots;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        echo = FakeOpenAiServer.create().start();
        busy = FakeOpenAiServer.create()
                .defaultBehaviour(ModelBehaviour.fail(503, "overloaded"))
                .start();
        refusing = FakeOpenAiServer.create()
                .defaultBehaviour(ModelBehaviour.fail(404, "no such model"))
                .start();
        telegram = FakeTelegramBotApi.start();
        gateway = Gateway.start(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                .telegram(TestGateways.fastTelegram(telegram.baseUrl()))
                .build());
        String base = "http://127.0.0.1:" + gateway.port();
        anonymous = new HttpTestClient(base);
        admin = new HttpTestClient(base).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        provider("echo", echo.baseUrl());
        provider("busy", busy.baseUrl());
        provider("refusing", refusing.baseUrl());
        expect(201, admin.send("POST", "/admin/v1/moderation/lists", "{\"id\":\"lang-words\",\"name\":\"Words\"}"));
        expect(200, admin.send("POST", "/admin/v1/moderation/lists/lang-words/words", "{\"words\":[\"badword\"]}"));
        for (String language : APP_LANGUAGES) {
            app(id("offline", language), language, null);
            app(id("echo", language), language, "echo");
            app(id("busy", language), language, "busy");
            app(id("refusing", language), language, "refusing");
        }
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        telegram.close();
        refusing.close();
        busy.close();
        echo.close();
    }

    @Test
    void should_send_the_offline_fallback_in_the_apps_language_else_the_users() {
        everywhere("offline", UNKNOWN_QUESTION, FALLBACK, false);
    }

    @Test
    void should_send_the_moderation_reply_in_the_apps_language_else_the_users() {
        everywhere("offline", BLOCKED_QUESTION, MODERATED, false);
    }

    @Test
    void should_tell_of_a_busy_model_in_the_apps_language_else_the_users() {
        everywhere("busy", QUESTION, BUSY, true);
    }

    @Test
    void should_tell_of_a_refusing_model_in_the_apps_language_else_the_users() {
        everywhere("refusing", QUESTION, REJECTED, true);
    }

    @Test
    void should_ask_the_model_for_the_apps_language_only_when_it_has_one() {
        for (String language : APP_LANGUAGES) {
            String app = id("echo", language);
            assertThat(api(app, QUESTION.get(ZH), false)).startsWith("echo: " + QUESTION.get(ZH));
            String system = systemPrompt(echo.requests().getLast());
            if (language == null) {
                assertThat(system).as(app).doesNotContain("Always answer in this language");
            } else {
                assertThat(system).as(app).endsWith("Always answer in this language: " + language + ".");
            }
        }
    }

    /**
     * For each app language and each language the user writes in, the fixed text the turn must end with
     * on every channel.
     */
    private void everywhere(String kind, Map<String, String> questions, Map<String, String> texts, boolean fails) {
        for (String language : APP_LANGUAGES) {
            String app = id(kind, language);
            for (String written : List.of(EN, ZH)) {
                String expected = texts.get(language == null ? written : language.startsWith("zh") ? ZH : EN);
                String question = questions.get(written);
                String what = app + " asked in " + written;
                assertThat(web(app, question)).as("web chat, " + what).isEqualTo(expected);
                assertThat(api(app, question, fails))
                        .as("developer API, " + what)
                        .isEqualTo(expected);
                assertThat(telegram(app, question)).as("Telegram, " + what).isEqualTo(expected);
            }
        }
    }

    private String web(String app, String question) {
        List<Event> events = anonymous.events(
                "/chat/" + app + "/messages",
                new JsonObject().put("text", question).encode());
        return events.stream()
                .filter(e -> e.name().equals("done"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no done event in " + events))
                .data()
                .get("text")
                .asText();
    }

    /** The answer, or the message of the 502 error of a failed turn. */
    private String api(String app, String question, boolean fails) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(app)
                .addUserMessage(question)
                .build();
        if (!fails) {
            return clients.get(app)
                    .chat()
                    .completions()
                    .create(params)
                    .choices()
                    .getFirst()
                    .message()
                    .content()
                    .orElseThrow();
        }
        try {
            clients.get(app).chat().completions().create(params);
        } catch (OpenAIServiceException e) {
            assertThat(e.statusCode()).isEqualTo(502);
            assertThat(e.type()).contains("upstream_error");
            com.fasterxml.jackson.databind.JsonNode body =
                    e.body().convert(com.fasterxml.jackson.databind.JsonNode.class);
            assertThat(body.path("message").isTextual())
                    .as("the error's message in " + body)
                    .isTrue();
            return body.path("message").asText();
        }
        throw new AssertionError("the turn of " + app + " did not fail");
    }

    /** What a new Telegram user reads after asking {@code question}. */
    private String telegram(String app, String question) {
        long user = telegramUsers.incrementAndGet();
        String[] hook = webhooks.get(app).split("\\|");
        String body =
                telegram.withId(TelegramUpdates.privateText(user, question)).encode();
        await().atMost(Duration.ofSeconds(20)).until(() -> telegram.postToWebhook(hook[0], body, hook[1]) == 200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !telegram.messages(user).isEmpty());
        List<String> shown = telegram.messages(user);
        assertThat(shown).as("one message to " + user).hasSize(1);
        return shown.getFirst();
    }

    private static String id(String kind, String language) {
        return kind + "-" + (language == null ? "auto" : language.toLowerCase(java.util.Locale.ROOT));
    }

    /** An app in {@code language} (null for none) on {@code providerId}'s model (null: offline). */
    private void app(String id, String language, String providerId) {
        JsonObject config = new JsonObject()
                .put("name", id)
                .put("systemPrompt", "You help.")
                .put("moderation", new JsonObject().put("lists", new JsonArray().add("lang-words")));
        if (language != null) {
            config.put("replyLanguage", language);
        }
        if (providerId != null) {
            config.put("model", new JsonObject().put("providerId", providerId).put("modelName", "fake-model"));
        }
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps",
                        new JsonObject().put("id", id).put("config", config).encode()));
        expect(201, admin.send("POST", "/admin/v1/apps/" + id + "/publish", "{}"));
        String key = expect(201, admin.send("POST", "/admin/v1/apps/" + id + "/keys", "{\"name\":\"lang\"}"))
                .json()
                .get("key")
                .asText();
        clients.put(
                id,
                OpenAIOkHttpClient.builder()
                        .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
                        .apiKey(key)
                        .maxRetries(0)
                        .build());
        String secret = "reply-language-secret-" + id;
        String token = "33333336" + (++bots) + ":AAEreplyLanguage00000000000000000";
        String binding = expect(
                        201,
                        admin.send(
                                "POST",
                                "/admin/v1/apps/" + id + "/channels",
                                new JsonObject()
                                        .put("type", "telegram")
                                        .put(
                                                "settings",
                                                new JsonObject()
                                                        .put("botToken", token)
                                                        .put("webhookSecret", secret))
                                        .encode()))
                .json()
                .get("id")
                .asText();
        webhooks.put(id, "http://127.0.0.1:" + gateway.port() + "/telegram/" + binding + "|" + secret);
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
                                .put("maxRetries", 0)
                                .encode()));
    }

    private static String systemPrompt(RecordedRequest request) {
        JsonObject first = request.body().getJsonArray("messages").getJsonObject(0);
        assertThat(first.getString("role")).isEqualTo("system");
        return first.getString("content");
    }

    private static Reply expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ", got " + reply);
        }
        return reply;
    }
}
