package io.switchboard.gateway.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.switchboard.gateway.Gateway;
import io.switchboard.gateway.HttpTestClient;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.gateway.TestGateways;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.RecordedRequest;
import io.switchboard.testkit.TelegramUpdates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-term memory end to end on a real node, through the web chat, the developer API (official OpenAI
 * client) and Telegram: an app with a window of one turn and a summary written by a model of its own (a
 * second fake provider). Turn 1 has no summary; after turn 2 (N) the first turn has left the window and
 * is folded into the summary, which the admin API shows; then the node — the whole one-member cluster —
 * is stopped and started again on the same H2 file or PostgreSQL schema, and at turn 3 the app's model
 * still reads the summary before the window, while the first turn itself is no longer sent.
 */
class SummaryEndToEndTest {
    private static final String APP = "remembering";
    private static final String PROMPT = "Be brief.";
    private static final String SUMMARY_HEADING = "Summary of the earlier conversation:\n";
    private static final long TELEGRAM_USER = 7301;
    private static final String OFFLINE_APP = "forgetful";
    private static final String QUESTION = "What are your opening hours?";
    private static final String QA_ANSWER = "We are open from 9 to 5.";
    private static final String FALLBACK = "Sorry, I don't know the answer to that yet.";

    @TempDir
    Path dir;

    private final FakeOpenAiServer model = FakeOpenAiServer.create().start();
    private final FakeOpenAiServer summarizer = FakeOpenAiServer.create()
            .defaultBehaviour(ModelBehaviour.reply("Later summary."))
            .start();
    private final FakeTelegramBotApi telegram = FakeTelegramBotApi.start();
    private final TestPostgres postgres = new TestPostgres("sum_");
    private Gateway gateway;
    private String apiKey;
    private String webhook;
    private OpenAIClient client;
    private int clientPort;
    /** The app the channels talk to. */
    private String app = APP;

    @AfterEach
    void stop() throws Exception {
        TestGateways.closeAll(gateway);
        telegram.close();
        summarizer.close();
        model.close();
        postgres.drop();
    }

    @Test
    void should_keep_the_summary_in_the_prompt_across_a_restart_on_h2() throws Exception {
        summaryAcrossRestart(config());
    }

    @Test
    void should_keep_the_summary_in_the_prompt_across_a_restart_on_postgresql() throws Exception {
        summaryAcrossRestart(config().database(postgres.create()));
    }

    /**
     * An offline app (no model, Q&A pairs only) whose draft asks for a summary written by a model of its
     * own: its conversations outgrow the window on every channel, yet the summary's model is never asked
     * and no summary is kept; an offline answer reads no prompt, so there is nothing a summary could be
     * put into. The barrier: an app with a model, asked after them, does get its fold written.
     */
    @Test
    void should_neither_write_nor_keep_a_summary_for_an_offline_app() throws Exception {
        gateway = Gateway.start(config().build());
        setUp();
        JsonObject offline = appConfig()
                .put("name", "Forgetful")
                .put(
                        "qaPairs",
                        new JsonArray()
                                .add(new JsonObject().put("question", QUESTION).put("answer", QA_ANSWER)));
        offline.remove("model");
        publish(OFFLINE_APP, offline, "333333342:AAEsummaryOffline00000000000000000");
        List<Channel> channels = List.of(new Web(), new Api(), new Telegram());

        for (Channel channel : channels) {
            // Three turns with a window of one: turns 1 and 2 leave the window.
            assertThat(channel.ask(QUESTION, QA_ANSWER)).as(channel.name()).isEqualTo(QA_ANSWER);
            assertThat(channel.ask("Do you sell bicycles, via " + channel.name() + "?", FALLBACK))
                    .as(channel.name())
                    .isEqualTo(FALLBACK);
            assertThat(channel.ask(QUESTION, QA_ANSWER)).as(channel.name()).isEqualTo(QA_ANSWER);
        }
        assertThat(model.requests())
                .as("offline: the app's model is never asked")
                .isEmpty();

        // The barrier: the app with a model folds its first turn once its second one is in.
        app = APP;
        Web web = new Web();
        web.ask("my name is Ada");
        web.ask("I live in Paris");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !summarizer.requests().isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> adminSummary(web) != null);

        assertThat(summarizer.requests())
                .as("only the app with a model had a summary written")
                .hasSize(1);
        assertThat(summarizer.requests().getFirst().body().encode())
                .contains("User: my name is Ada")
                .doesNotContain(QUESTION, "bicycles");
        app = OFFLINE_APP;
        for (Channel channel : channels) {
            await().atMost(Duration.ofSeconds(30)).until(() -> loggedTurns(channel) == 3);
            Reply summary = summaryOf(channel);
            assertThat(summary.status())
                    .as("no summary kept for the offline app's " + channel.name() + " conversation: " + summary)
                    .isEqualTo(404);
        }
    }

    private GatewayConfig.Builder config() {
        return TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                .telegram(TestGateways.fastTelegram(telegram.baseUrl()));
    }

    private void summaryAcrossRestart(GatewayConfig.Builder config) throws Exception {
        gateway = Gateway.start(config.build());
        setUp();
        List<Channel> channels = List.of(new Web(), new Api(), new Telegram());

        for (Channel channel : channels) {
            String first = "my name is Ada, via " + channel.name();
            channel.ask(first);
            JsonArray one = model.requests().getLast().body().getJsonArray("messages");
            assertThat(system(one)).as("turn 1 has no summary").isEqualTo(PROMPT);
            assertThat(one).hasSize(2);

            int folds = summarizer.requests().size();
            String summary = "Summary " + channel.name() + ": the user is Ada.";
            summarizer.enqueue(ModelBehaviour.reply(summary));
            channel.ask("I live in Paris, via " + channel.name());
            JsonArray two = model.requests().getLast().body().getJsonArray("messages");
            assertThat(system(two))
                    .as("turn N: nothing has left the window yet")
                    .isEqualTo(PROMPT);
            assertThat(contents(two)).contains(first);

            // After turn N the first turn leaves the window: the summary's model folds it, after the answer.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> summarizer.requests().size() > folds);
            RecordedRequest fold = summarizer.requests().get(folds);
            assertThat(fold.body().getString("model")).isEqualTo("summary-model");
            assertThat(fold.body().encode()).contains("User: " + first).doesNotContain("I live in Paris");
            await().atMost(Duration.ofSeconds(30)).until(() -> summary.equals(adminSummary(channel)));
        }

        gateway.close();
        gateway = null;
        gateway = Gateway.start(config.build());

        for (Channel channel : channels) {
            channel.ask("what do you know about me, via " + channel.name() + "?");
            JsonArray three = model.requests().getLast().body().getJsonArray("messages");
            assertThat(system(three))
                    .as("turn 3, after the restart: the summary comes before the window")
                    .isEqualTo(PROMPT + "\n\n" + SUMMARY_HEADING + "Summary " + channel.name() + ": the user is Ada.");
            assertThat(contents(three))
                    .contains("I live in Paris, via " + channel.name())
                    .doesNotContain("my name is Ada, via " + channel.name());
        }
    }

    private void setUp() {
        HttpTestClient admin = admin();
        provider(admin, "fake", model.baseUrl());
        provider(admin, "summaries", summarizer.baseUrl());
        publish(APP, appConfig(), "333333341:AAEsummaryEndToEnd000000000000000");
    }

    /** The app with a model: a window of one turn, the summary written by the second provider's model. */
    private static JsonObject appConfig() {
        return new JsonObject()
                .put("name", "Remembering")
                .put("systemPrompt", PROMPT)
                .put("model", new JsonObject().put("providerId", "fake").put("modelName", "fake-model"))
                .put(
                        "memory",
                        new JsonObject()
                                .put("lastMessages", 2)
                                .put("tokenBudget", 2000)
                                .put(
                                        "summary",
                                        new JsonObject()
                                                .put("maxChars", 200)
                                                .put("providerId", "summaries")
                                                .put("modelName", "summary-model")));
    }

    /** Creates and publishes {@code id}, with an API key and a Telegram bot the channels then talk to. */
    private void publish(String id, JsonObject config, String botToken) {
        HttpTestClient admin = admin();
        app = id;
        client = null;
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps",
                        new JsonObject().put("id", id).put("config", config).encode()));
        expect(201, admin.send("POST", "/admin/v1/apps/" + id + "/publish", "{}"));
        apiKey = expect(201, admin.send("POST", "/admin/v1/apps/" + id + "/keys", "{\"name\":\"summary\"}"))
                .json()
                .get("key")
                .asText();
        String secret = "summary-webhook-secret-0123456789";
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
                                                        .put("botToken", botToken)
                                                        .put("webhookSecret", secret))
                                        .encode()))
                .json()
                .get("id")
                .asText();
        webhook = "/telegram/" + binding + "|" + secret;
    }

    /** One channel's conversation: asks and waits for the answer. */
    private interface Channel {
        String name();

        /** Asks {@code text} and returns the answer, which starts with {@code expected} (a platform waits for it). */
        String ask(String text, String expected);

        /** Asks {@code text} of the echoing model. */
        default void ask(String text) {
            assertThat(ask(text, "echo: " + text)).startsWith("echo: " + text);
        }

        /** The channel's name in the turn log. */
        String logChannel();
    }

    private final class Web implements Channel {
        @Override
        public String name() {
            return "web chat";
        }

        @Override
        public String logChannel() {
            return "web";
        }

        @Override
        public String ask(String text, String expected) {
            List<HttpTestClient.Event> events = anonymous()
                    .events(
                            "/chat/" + app + "/messages",
                            new JsonObject()
                                    .put("conversationId", "sum-web")
                                    .put("userId", "ada")
                                    .put("text", text)
                                    .encode());
            return events.stream()
                    .filter(e -> e.name().equals("done"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no done event in " + events))
                    .data()
                    .get("text")
                    .asText();
        }
    }

    private final class Api implements Channel {
        @Override
        public String name() {
            return "developer API";
        }

        @Override
        public String logChannel() {
            return "api";
        }

        @Override
        public String ask(String text, String expected) {
            return client().chat()
                    .completions()
                    .create(ChatCompletionCreateParams.builder()
                            .model(app)
                            .addUserMessage(text)
                            .putAdditionalBodyProperty("conversation_id", JsonValue.from("sum-api"))
                            .build())
                    .choices()
                    .getFirst()
                    .message()
                    .content()
                    .orElseThrow();
        }
    }

    /** The official client for the running node (a restarted node may listen on another port). */
    private OpenAIClient client() {
        if (client == null || clientPort != gateway.port()) {
            client = OpenAIOkHttpClient.builder()
                    .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
                    .apiKey(apiKey)
                    .build();
            clientPort = gateway.port();
        }
        return client;
    }

    private final class Telegram implements Channel {
        @Override
        public String name() {
            return "Telegram";
        }

        @Override
        public String logChannel() {
            return "telegram";
        }

        @Override
        public String ask(String text, String expected) {
            int before = telegram.messages(TELEGRAM_USER).size();
            String[] hook = webhook.split("\\|");
            String body = telegram.withId(TelegramUpdates.privateText(TELEGRAM_USER, text))
                    .encode();
            String url = "http://127.0.0.1:" + gateway.port() + hook[0];
            await().atMost(Duration.ofSeconds(20)).until(() -> telegram.postToWebhook(url, body, hook[1]) == 200);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> telegram.messages(TELEGRAM_USER).size() > before
                            && telegram.messages(TELEGRAM_USER).getLast().startsWith(expected));
            return telegram.messages(TELEGRAM_USER).getLast();
        }
    }

    /** How many turns of {@link #app} the log holds for the channel. */
    private int loggedTurns(Channel channel) {
        JsonNode items = admin().send(
                        "GET", "/admin/v1/apps/" + app + "/logs?channel=" + channel.logChannel() + "&limit=10", null)
                .json()
                .get("items");
        return items == null ? 0 : items.size();
    }

    /** The admin API's answer for the summary of the channel's (logged) conversation. */
    private Reply summaryOf(Channel channel) {
        HttpTestClient admin = admin();
        JsonNode items = admin.send(
                        "GET", "/admin/v1/apps/" + app + "/logs?channel=" + channel.logChannel() + "&limit=1", null)
                .json()
                .get("items");
        assertThat(items).as("a logged turn on " + channel.name()).isNotEmpty();
        String conversation = items.get(0).get("conversationId").asText();
        return admin.send(
                "GET",
                "/admin/v1/apps/" + app + "/conversations/" + URLEncoder.encode(conversation, StandardCharsets.UTF_8)
                        + "/summary",
                null);
    }

    /** The summary the admin API shows for the channel's conversation (its id read from the turn log). */
    private String adminSummary(Channel channel) {
        if (loggedTurns(channel) == 0) {
            return null;
        }
        Reply reply = summaryOf(channel);
        return reply.status() == 200 ? reply.json().get("summary").asText() : null;
    }

    private static String system(JsonArray messages) {
        JsonObject first = messages.getJsonObject(0);
        assertThat(first.getString("role")).isEqualTo("system");
        return first.getString("content");
    }

    private static List<String> contents(JsonArray messages) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < messages.size(); i++) {
            out.add(messages.getJsonObject(i).getString("content"));
        }
        return out;
    }

    private static void provider(HttpTestClient admin, String id, String baseUrl) {
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

    private HttpTestClient anonymous() {
        return new HttpTestClient("http://127.0.0.1:" + gateway.port());
    }

    private HttpTestClient admin() {
        return anonymous().login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
    }

    private static Reply expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ", got " + reply);
        }
        return reply;
    }
}
