package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.switchboard.gateway.HttpTestClient.Event;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.RecordedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app with a fallback model, through the gateway's real HTTP surfaces: two fake OpenAI-compatible
 * providers on loopback, the primary failing (500, 429, 401 on one of two keys, refused input), the
 * developer API (plain and streaming) and the web chat answering from the fallback; the turn log names
 * the model that answered, /metrics counts the switches, and only when both fail does the user get the
 * failure text, in the app's reply language. Admin validation of fallbacks, extra keys and limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderFailoverEndToEndTest {
    private static final String APP = "failover";
    private static final String KEY = "sk-primary-first-0123456789";
    private static final String KEY_2 = "sk-primary-second-0123456789";
    private static final String BACKUP_KEY = "sk-backup-0123456789";

    private FakeOpenAiServer primary;
    private FakeOpenAiServer backup;
    private Gateway gateway;
    private HttpTestClient admin;
    private HttpTestClient anonymous;
    private OpenAIClient client;

    @BeforeAll
    void start(@TempDir Path dir) {
        primary = FakeOpenAiServer.create().acceptApiKeys(KEY, KEY_2).start();
        backup = FakeOpenAiServer.create().expectApiKey(BACKUP_KEY).start();
        gateway = TestGateways.single(dir);
        String base = "http://127.0.0.1:" + gateway.port();
        anonymous = new HttpTestClient(base);
        admin = new HttpTestClient(base).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        created(admin.send(
                "POST",
                "/admin/v1/providers",
                new JsonObject()
                        .put("id", "primary")
                        .put("kind", "OPENAI_COMPATIBLE")
                        .put("baseUrl", primary.baseUrl())
                        .put("apiKey", KEY)
                        .put("extraApiKeys", new JsonArray().add(KEY_2))
                        .put("timeoutMs", 5000)
                        .put("maxRetries", 0)
                        // A breaker that does not open during these tests: each test scripts its own failures.
                        .put("limits", new JsonObject().put("minimumCalls", 20))
                        .encode()));
        created(admin.send(
                "POST",
                "/admin/v1/providers",
                new JsonObject()
                        .put("id", "backup")
                        .put("kind", "OPENAI_COMPATIBLE")
                        .put("baseUrl", backup.baseUrl())
                        .put("apiKey", BACKUP_KEY)
                        .put("timeoutMs", 5000)
                        .put("maxRetries", 0)
                        .encode()));
        JsonObject config = new JsonObject()
                .put("name", "Failover")
                .put("replyLanguage", "zh-CN")
                .put("model", new JsonObject().put("providerId", "primary").put("modelName", "model-a"))
                .put(
                        "fallbacks",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("providerId", "backup")
                                        .put("modelName", "model-b")));
        created(admin.send(
                "POST",
                "/admin/v1/apps",
                new JsonObject().put("id", APP).put("config", config).encode()));
        created(admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{}"));
        String key = created(admin.send("POST", "/admin/v1/apps/" + APP + "/keys", "{\"name\":\"failover\"}"))
                .json()
                .get("key")
                .asText();
        client = OpenAIOkHttpClient.builder()
                .baseUrl(base + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .build();
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        primary.close();
        backup.close();
    }

    @BeforeEach
    void reset() {
        primary.reset().defaultBehaviour(ModelBehaviour.reply("from the primary"));
        backup.reset().defaultBehaviour(ModelBehaviour.reply("from the backup"));
        // Saving the provider again starts its breaker and key ring afresh (keys cooled by another test).
        Reply saved = admin.send(
                "PUT", "/admin/v1/providers/primary", primaryProvider().encode());
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }

    private JsonObject primaryProvider() {
        return new JsonObject()
                .put("kind", "OPENAI_COMPATIBLE")
                .put("baseUrl", primary.baseUrl())
                .put("timeoutMs", 5000)
                .put("maxRetries", 0)
                // A breaker that does not open during these tests: each test scripts its own failures.
                .put("limits", new JsonObject().put("minimumCalls", 20));
    }

    @Test
    void should_answer_the_developer_api_from_the_fallback_when_the_model_answers_500() {
        primary.enqueue(ModelBehaviour.fail(500, "boom"));

        ChatCompletion completion = ask("hello there");

        assertThat(completion.choices().get(0).message().content().orElseThrow())
                .isEqualTo("from the backup");
        assertThat(backup.requests().getLast().body().getString("model")).isEqualTo("model-b");
        assertThat(loggedModel("hello there")).isEqualTo("backup/model-b");
        assertThat(metric("switchboard_model_failovers_total", "from=\"primary/model-a\"", "reason=\"server_error\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void should_stream_only_the_fallback_when_the_model_fails_before_its_first_token() {
        primary.enqueue(ModelBehaviour.fail(503, "overloaded"));

        String streamed;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model(APP)
                        .addUserMessage("stream please")
                        .build())) {
            streamed = String.join(
                    "",
                    stream.stream()
                            .flatMap(chunk -> chunk.choices().stream())
                            .map(choice -> choice.delta().content().orElse(""))
                            .toList());
        }

        assertThat(streamed).isEqualTo("from the backup");
        assertThat(loggedModel("stream please")).isEqualTo("backup/model-b");
    }

    @Test
    void should_answer_the_web_chat_from_the_fallback_when_the_model_is_rate_limited_on_every_key() {
        primary.enqueue(ModelBehaviour.fail(429, "Rate limit reached"), ModelBehaviour.fail(429, "Rate limit reached"));

        List<Event> events = anonymous.events("/chat/" + APP + "/messages", "{\"text\":\"web question\"}");

        assertThat(done(events)).isEqualTo("from the backup");
        assertThat(loggedModel("web question")).isEqualTo("backup/model-b");
        assertThat(metric("switchboard_model_key_cooldowns_total", "provider=\"primary\"", "reason=\"rate_limited\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void should_keep_answering_from_the_model_with_its_other_key_when_one_key_is_revoked() {
        primary.acceptApiKeys(KEY_2);
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(ask("keys " + i).choices().get(0).message().content().orElseThrow())
                        .isEqualTo("from the primary");
            }
        } finally {
            primary.acceptApiKeys(KEY, KEY_2);
        }
        assertThat(backup.requests()).isEmpty();
        assertThat(primary.requests().stream().map(ProviderFailoverEndToEndTest::bearer))
                .contains(KEY_2)
                .containsOnlyOnce(KEY);
        assertThat(metric("switchboard_model_key_cooldowns_total", "provider=\"primary\"", "reason=\"key_rejected\""))
                .isEqualTo(1);
    }

    @Test
    void should_tell_the_user_in_the_reply_language_only_when_every_model_failed() {
        primary.enqueue(ModelBehaviour.fail(500, "boom"), ModelBehaviour.fail(500, "boom"));
        backup.enqueue(ModelBehaviour.fail(502, "bad gateway"), ModelBehaviour.fail(502, "bad gateway"));

        List<Event> events = anonymous.events("/chat/" + APP + "/messages", "{\"text\":\"nobody answers\"}");
        int status = 0;
        String message = null;
        try {
            ask("nobody answers either");
        } catch (OpenAIServiceException e) {
            status = e.statusCode();
            message = e.getMessage();
        }

        assertThat(done(events)).isEqualTo("AI 服务暂时不可用，请稍后再试。");
        assertThat(status).isEqualTo(502);
        assertThat(message).contains("AI 服务暂时不可用");
        assertThat(metric("switchboard_model_failovers_exhausted_total", "last=\"backup/model-b\""))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void should_not_fall_back_when_the_model_refuses_the_input() {
        primary.enqueue(ModelBehaviour.fail(400, "This model's maximum context length is 8192 tokens"));

        int status = 0;
        try {
            ask("far too long");
        } catch (OpenAIServiceException e) {
            status = e.statusCode();
        }

        assertThat(status).isEqualTo(400);
        assertThat(backup.requests()).isEmpty();
    }

    @Test
    void should_refuse_fallbacks_that_name_no_provider_or_repeat_a_model_with_the_field_named() {
        Reply unknown = admin.send(
                "PATCH",
                "/admin/v1/apps/" + APP + "/draft",
                "{\"fallbacks\":[{\"providerId\":\"backup\",\"modelName\":\"model-b\"},"
                        + "{\"providerId\":\"nowhere\",\"modelName\":\"x\"}]}");
        Reply repeated = admin.send(
                "PATCH",
                "/admin/v1/apps/" + APP + "/draft",
                "{\"fallbacks\":[{\"providerId\":\"primary\",\"modelName\":\"model-a\"}]}");
        Reply blank = admin.send(
                "PATCH", "/admin/v1/apps/" + APP + "/draft", "{\"fallbacks\":[{\"providerId\":\"backup\"}]}");

        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.body()).contains("fallbacks[1].providerId", "nowhere");
        assertThat(repeated.status()).as(repeated.body()).isEqualTo(400);
        assertThat(repeated.body()).contains("fallbacks[0] repeats model");
        assertThat(blank.status()).as(blank.body()).isEqualTo(400);
        assertThat(blank.body()).contains("fallbacks[0]");
        JsonNode draft = admin.send("GET", "/admin/v1/apps/" + APP, null).json().get("draft");
        assertThat(draft.get("fallbacks")).hasSize(1);
        assertThat(draft.get("fallbacks").get(0).get("providerId").asText()).isEqualTo("backup");
    }

    @Test
    void should_show_extra_keys_masked_keep_them_on_replace_and_refuse_bad_limits_with_the_field_named() {
        JsonNode provider =
                admin.send("GET", "/admin/v1/providers/primary", null).json();
        assertThat(provider.get("extraApiKeyHints").get(0).asText()).isEqualTo("…6789");
        assertThat(provider.get("limits").get("minimumCalls").asInt()).isEqualTo(20);
        assertThat(provider.get("limits").get("failureRateThreshold").asInt()).isEqualTo(50);
        assertThat(provider.toString()).doesNotContain(KEY, KEY_2);

        Reply badLimits = admin.send(
                "PUT",
                "/admin/v1/providers/primary",
                new JsonObject()
                        .put("kind", "OPENAI_COMPATIBLE")
                        .put("baseUrl", primary.baseUrl())
                        .put("limits", new JsonObject().put("failureRateThreshold", 0))
                        .encode());
        Reply repeatedKey = admin.send(
                "PUT",
                "/admin/v1/providers/primary",
                new JsonObject()
                        .put("kind", "OPENAI_COMPATIBLE")
                        .put("baseUrl", primary.baseUrl())
                        .put("extraApiKeys", new JsonArray().add(KEY))
                        .encode());
        assertThat(badLimits.status()).as(badLimits.body()).isEqualTo(400);
        assertThat(badLimits.body()).contains("limits.failureRateThreshold");
        assertThat(repeatedKey.status()).as(repeatedKey.body()).isEqualTo(400);
        assertThat(repeatedKey.body()).contains("extraApiKeys").doesNotContain(KEY);

        // A replace without extraApiKeys keeps them (and without limits resets those to the defaults).
        Reply replaced = admin.send(
                "PUT", "/admin/v1/providers/primary", primaryProvider().encode());
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("extraApiKeyHints")).hasSize(1);
        assertThat(replaced.json().get("apiKeySet").asBoolean()).isTrue();
    }

    @Test
    void should_export_the_chain_and_leave_out_on_import_a_fallback_whose_provider_is_not_here() {
        Reply exported = admin.send("GET", "/admin/v1/apps/" + APP + "/export", null);
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        assertThat(exported.body())
                .contains("fallbacks:")
                .containsPattern("providerId: \"?backup")
                .doesNotContain(BACKUP_KEY);
        String elsewhere = exported.body().replaceAll("providerId: (\"?)backup", "providerId: $1elsewhere");

        Reply kept = admin.send(
                "POST",
                "/admin/v1/apps/import",
                new JsonObject()
                        .put("id", "failover-copy")
                        .put("yaml", exported.body())
                        .encode());
        Reply pruned = admin.send(
                "POST",
                "/admin/v1/apps/import",
                new JsonObject()
                        .put("id", "failover-elsewhere")
                        .put("yaml", elsewhere)
                        .encode());

        assertThat(created(kept).json().at("/app/draft/fallbacks/0/providerId").asText())
                .isEqualTo("backup");
        JsonNode imported = created(pruned).json();
        assertThat(imported.at("/app/draft/fallbacks")).isEmpty();
        assertThat(imported.get("notes").toString()).contains("elsewhere/model-b", "left out");
    }

    private ChatCompletion ask(String text) {
        return client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(APP)
                        .addUserMessage(text)
                        .build());
    }

    private static String bearer(RecordedRequest request) {
        return request.header("authorization").substring("Bearer ".length());
    }

    private static String done(List<Event> events) {
        return events.stream()
                .filter(e -> e.name().equals("done"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no done event in " + events))
                .data()
                .get("text")
                .asText();
    }

    /** The model of the logged turn whose query is {@code query}, once the log has it. */
    private String loggedModel(String query) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> logged(query), model -> model != null);
    }

    private String logged(String query) {
        JsonNode items = admin.send("GET", "/admin/v1/apps/" + APP + "/logs?limit=100", null)
                .json()
                .get("items");
        return StreamSupport.stream(items.spliterator(), false)
                .filter(turn -> turn.path("query").asText().equals(query))
                .map(turn ->
                        turn.path("model").isNull() ? null : turn.path("model").asText(null))
                .findFirst()
                .orElse(null);
    }

    /** The sum of the series of {@code name} whose labels contain every one of {@code labels}. */
    private double metric(String name, String... labels) {
        String scrape = anonymous.send("GET", "/metrics", null).body();
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> List.of(labels).stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static Reply created(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply;
    }
}
