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
        JsonObject config = new JsonObject()
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
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps",
                        new JsonObject().put("id", APP).put("config", config).encode()));
        expect(201, admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{}"));
        apiKey = expect(201, admin.send("POST", "/admin/v1/apps/" + APP + "/keys", "{\"name\":\"summary\"}"))
                .json()
                .get("key")
                .asText();
        String secret = "summary-webhook-secret-0123456789";
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
                                                        .put("botToken", "333333341:AAEsummaryEndToEnd000000000000000")
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

        void ask(String text);

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
        public void ask(String text) {
            int before = model.requests().size();
            List<HttpTestClient.Event> events = anonymous()
                    .events(
                            "/chat/" + APP + "/messages",
                            new JsonObject()
                                    .put("conversationId", "sum-web")
                                    .put("userId", "ada")
                                    .put("text", text)
                                    .encode());
            assertThat(events).extracting(HttpTestClient.Event::name).contains("done");
            assertThat(model.requests()).hasSize(before + 1);
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
        public void ask(String text) {
            String answer = client().chat()
                    .completions()
                    .create(ChatCompletionCreateParams.builder()
                            .model(APP)
                            .addUserMessage(text)
                            .putAdditionalBodyProperty("conversation_id", JsonValue.from("sum-api"))
                            .build())
                    .choices()
                    .getFirst()
                    .message()
                    .content()
                    .orElseThrow();
            assertThat(answer).startsWith("echo: " + text);
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
        public void ask(String text) {
            int before = telegram.messages(TELEGRAM_USER).size();
            String[] hook = webhook.split("\\|");
            String body = telegram.withId(TelegramUpdates.privateText(TELEGRAM_USER, text))
                    .encode();
            String url = "http://127.0.0.1:" + gateway.port() + hook[0];
            await().atMost(Duration.ofSeconds(20)).until(() -> telegram.postToWebhook(url, body, hook[1]) == 200);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> telegram.messages(TELEGRAM_USER).size() > before
                            && telegram.messages(TELEGRAM_USER).getLast().startsWith("echo: " + text));
        }
    }

    /** The summary the admin API shows for the channel's conversation (its id read from the turn log). */
    private String adminSummary(Channel channel) {
        HttpTestClient admin = admin();
        JsonNode items = admin.send(
                        "GET", "/admin/v1/apps/" + APP + "/logs?channel=" + channel.logChannel() + "&limit=1", null)
                .json()
                .get("items");
        if (items == null || items.isEmpty()) {
            return null;
        }
        String conversation = items.get(0).get("conversationId").asText();
        Reply reply = admin.send(
                "GET",
                "/admin/v1/apps/" + APP + "/conversations/" + URLEncoder.encode(conversation, StandardCharsets.UTF_8)
                        + "/summary",
                null);
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
