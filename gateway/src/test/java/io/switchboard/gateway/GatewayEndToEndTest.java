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
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.switchboard.gateway.HttpTestClient.Event;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first user story end to end, on a real node: the sample app answers offline; an admin adds a
 * provider, edits the draft, tries it, publishes, and the web chat and the developer API (the official
 * OpenAI client) answer with the new version, remembering the conversation; rollback brings the old
 * version back; the log shows every turn.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayEndToEndTest {
    private static final String APP = "switchboard-guide";
    private static final String PROVIDER_KEY = "sk-provider-secret-1234567890";

    private Gateway gateway;
    private FakeOpenAiServer model;
    private HttpTestClient admin;
    private HttpTestClient anonymous;
    private String apiKey;

    @BeforeAll
    void start(@TempDir Path dir) {
        model = FakeOpenAiServer.create().expectApiKey(PROVIDER_KEY).start();
        gateway = TestGateways.single(dir);
        String base = "http://127.0.0.1:" + gateway.port();
        anonymous = new HttpTestClient(base);
        admin = new HttpTestClient(base).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        model.close();
    }

    @Test
    @Order(1)
    void should_answer_from_the_sample_apps_qa_pairs_in_english_and_chinese_without_any_model() {
        Reply profile = anonymous.send("GET", "/chat/" + APP + "/profile", null);
        assertThat(profile.json().get("openingStatement").asText()).isNotBlank();
        assertThat(profile.json().get("suggestedQuestions")).isNotEmpty();

        List<Event> english = anonymous.events("/chat/" + APP + "/messages", "{\"text\":\"What is Switchboard?\"}");
        List<Event> chinese = anonymous.events("/chat/" + APP + "/messages", "{\"text\":\"Switchboard 是什么？\"}");

        assertThat(english.stream().filter(e -> e.name().equals("delta")).count())
                .as("the answer streams in several pieces")
                .isGreaterThan(3);
        assertThat(done(english).get("text").asText()).contains("LLMOps");
        assertThat(done(chinese).get("text").asText()).contains("开源");
        assertThat(model.requests()).as("no model is involved").isEmpty();
        assertThat(anonymous.send("GET", "/chat/" + APP, null).body()).contains("<html");
    }

    @Test
    @Order(2)
    void should_serve_a_new_prompt_in_the_debug_chat_before_it_is_published() {
        Reply provider = admin.send(
                "POST",
                "/admin/v1/providers",
                "{\"id\":\"fake\",\"name\":\"Fake\",\"kind\":\"OPENAI_COMPATIBLE\",\"baseUrl\":\"" + model.baseUrl()
                        + "\",\"apiKey\":\"" + PROVIDER_KEY + "\",\"timeoutMs\":5000,\"maxRetries\":1}");
        assertThat(provider.status()).isEqualTo(201);
        assertThat(provider.body()).doesNotContain(PROVIDER_KEY);
        int qaPairs = admin.send("GET", "/admin/v1/apps/" + APP, null)
                .json()
                .at("/draft/qaPairs")
                .size();
        // The README's step 2: a merge patch, so the sample's Q&A pairs and opening statement stay.
        Reply patched = admin.send(
                "PATCH",
                "/admin/v1/apps/" + APP + "/draft",
                "{\"systemPrompt\":\"You are the {{company}} guide.\",\"variables\":{\"company\":\"Acme\"},"
                        + "\"model\":{\"providerId\":\"fake\",\"modelName\":\"fake-model\",\"temperature\":0.2}}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().at("/draft/qaPairs").size())
                .isEqualTo(qaPairs)
                .isPositive();
        assertThat(patched.json().at("/draft/openingStatement").asText()).isNotBlank();

        List<Event> debug = admin.events(
                "/admin/v1/apps/" + APP + "/debug/messages", "{\"conversationId\":\"dbg-1\",\"text\":\"hello draft\"}");
        List<Event> live = anonymous.events("/chat/" + APP + "/messages", "{\"text\":\"What is Switchboard?\"}");

        assertThat(done(debug).get("text").asText()).startsWith("echo: hello draft");
        JsonNode sent = json(model.requests().getLast().body().encode());
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("You are the Acme guide.");
        assertThat(done(live).get("text").asText())
                .as("channels keep serving the published version")
                .contains("LLMOps");
    }

    @Test
    @Order(3)
    void should_answer_with_the_published_version_in_web_chat_and_developer_api_remembering_turns() {
        Reply published = admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{\"note\":\"model on\"}");
        assertThat(published.status()).isEqualTo(201);
        assertThat(published.json().get("version").asInt()).isEqualTo(2);

        List<Event> first = anonymous.events(
                "/chat/" + APP + "/messages", "{\"conversationId\":\"web-conv-1\",\"text\":\"first question\"}");
        List<Event> second = anonymous.events(
                "/chat/" + APP + "/messages", "{\"conversationId\":\"web-conv-1\",\"text\":\"second question\"}");
        assertThat(done(first).get("text").asText()).isEqualTo("echo: first question (2 messages)");
        assertThat(done(second).get("text").asText())
                .as("system + earlier question + earlier answer + this question")
                .isEqualTo("echo: second question (4 messages)");

        apiKey = admin.send("POST", "/admin/v1/apps/" + APP + "/keys", "{\"name\":\"e2e\"}")
                .json()
                .get("key")
                .asText();
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
                .apiKey(apiKey)
                .build();
        ChatCompletion plain = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(APP)
                        .addUserMessage("api question")
                        .putAdditionalBodyProperty("conversation_id", JsonValue.from("api-conv-1"))
                        .build());
        assertThat(plain.choices().getFirst().message().content()).hasValue("echo: api question (2 messages)");
        assertThat(plain.usage().orElseThrow().totalTokens()).isPositive();

        String streamed;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model(APP)
                        .addUserMessage("api follow-up")
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .putAdditionalBodyProperty("conversation_id", JsonValue.from("api-conv-1"))
                        .build())) {
            streamed = stream.stream()
                    .flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse(""))
                    .collect(Collectors.joining());
        }
        assertThat(streamed).isEqualTo("echo: api follow-up (4 messages)");
    }

    @Test
    @Order(4)
    void should_serve_the_previous_version_again_after_rollback() {
        Reply rolledBack = admin.send("POST", "/admin/v1/apps/" + APP + "/rollback", "{\"version\":1}");
        assertThat(rolledBack.status()).isEqualTo(200);

        List<Event> answer = anonymous.events("/chat/" + APP + "/messages", "{\"text\":\"What is Switchboard?\"}");

        assertThat(done(answer).get("text").asText()).contains("LLMOps");
    }

    @Test
    @Order(5)
    void should_log_every_turn_with_channel_latency_and_tokens_and_count_it_in_metrics() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(admin.send("GET", "/admin/v1/apps/" + APP + "/logs?limit=100", null)
                                .json()
                                .get("total")
                                .asInt())
                        .isGreaterThanOrEqualTo(9));
        JsonNode logs = admin.send("GET", "/admin/v1/apps/" + APP + "/logs?limit=100", null)
                .json();

        List<String> channels = logs.get("items").findValuesAsText("channel");
        assertThat(channels).contains("web", "api", "debug");
        JsonNode modelTurn = find(logs, "api question");
        assertThat(modelTurn.get("appVersion").asInt()).isEqualTo(2);
        assertThat(modelTurn.get("status").asText()).isEqualTo("ok");
        assertThat(modelTurn.get("inputTokens").asInt()).isPositive();
        assertThat(modelTurn.get("outputTokens").asInt()).isPositive();
        assertThat(modelTurn.get("latencyMs").asLong()).isNotNegative();
        assertThat(find(logs, "hello draft").get("appVersion").asInt())
                .as("the draft")
                .isZero();

        String metrics = anonymous.send("GET", "/metrics", null).body();
        assertThat(metrics)
                .contains("switchboard_turns_total{app=\"switchboard-guide\",channel=\"api\",status=\"ok\"}");
        assertThat(metrics).contains("switchboard_tokens_total");
        assertThat(metrics).contains("switchboard_turn_latency_seconds_bucket");
    }

    @Test
    @Order(6)
    void should_tell_the_user_politely_and_log_the_error_when_the_provider_fails() {
        admin.send("POST", "/admin/v1/apps/" + APP + "/rollback", "{\"version\":2}");
        model.enqueue(ModelBehaviour.fail(500, "boom"), ModelBehaviour.fail(500, "boom again"));

        List<Event> answer = anonymous.events(
                "/chat/" + APP + "/messages", "{\"conversationId\":\"failing\",\"text\":\"will this fail\"}");

        assertThat(done(answer).get("failed").asBoolean()).isTrue();
        assertThat(done(answer).get("text").asText()).contains("try again");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(find(
                                        admin.send(
                                                        "GET",
                                                        "/admin/v1/apps/" + APP + "/logs?conversationId=failing",
                                                        null)
                                                .json(),
                                        "will this fail")
                                .get("status")
                                .asText())
                        .isEqualTo("error"));
    }

    @Test
    @Order(7)
    void should_refuse_a_revoked_key_and_answer_unknown_routes_with_json() {
        String keyId = admin.send("GET", "/admin/v1/apps/" + APP + "/keys", null)
                .json()
                .at("/items/0/id")
                .asText();
        admin.send("DELETE", "/admin/v1/apps/" + APP + "/keys/" + keyId, null);
        HttpTestClient developer = new HttpTestClient("http://127.0.0.1:" + gateway.port()).bearer(apiKey);

        Reply revoked = developer.send("GET", "/v1/models", null);
        Reply unknown = anonymous.send("GET", "/no/such/route", null);

        assertThat(revoked.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/message").asText()).contains("/no/such/route");
        assertThat(anonymous
                        .send("GET", "/health/ready", null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("UP");
    }

    private static JsonNode done(List<Event> events) {
        return events.stream()
                .filter(e -> e.name().equals("done"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no done event in " + events))
                .data();
    }

    private static JsonNode find(JsonNode logs, String query) {
        for (JsonNode item : logs.get("items")) {
            if (item.get("query").asText().equals(query)) {
                return item;
            }
        }
        throw new AssertionError("no logged turn for '" + query + "' in " + logs);
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
