package io.switchboard.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.gateway.Gateway;
import io.switchboard.gateway.HttpTestClient;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.gateway.TestApps;
import io.switchboard.gateway.TestGateways;
import io.switchboard.gateway.config.TracingConfig;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.FakeOtlpReceiver;
import io.switchboard.testkit.FakeOtlpReceiver.ReceivedSpan;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.RecordedRequest;
import io.switchboard.testkit.TelegramUpdates;
import io.switchboard.tracing.Tracing;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Tracing on, end to end: a gateway exporting to a fake OTLP/HTTP receiver on loopback; the spans it
 * receives (decoded from the protobuf on the wire) form one tree per inbound message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingEndToEndTest {
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String QUESTION = "where is my parcel number 4711";
    private static final String TELEGRAM_TOKEN = "333333334:AAEtracingTestToken0000000000000000";
    private static final String TELEGRAM_SECRET = "tracing-webhook-secret-0123456789";
    private static final long TELEGRAM_USER = 7301;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeOtlpReceiver receiver;
    private FakeOpenAiServer model;
    private FakeTelegramBotApi telegram;
    private Gateway gateway;
    private HttpTestClient admin;
    private String apiKey;
    private String telegramWebhook;

    @BeforeAll
    void start(@TempDir Path dir) {
        receiver = FakeOtlpReceiver.start();
        model = FakeOpenAiServer.create().start();
        telegram = FakeTelegramBotApi.start();
        TracingConfig tracing = new TracingConfig(
                true,
                receiver.endpoint(),
                "http/protobuf",
                "x-collector-key=collector-secret-123",
                1.0,
                "switchboard-test",
                Duration.ofSeconds(5),
                Duration.ofMillis(100));
        try {
            gateway = Gateway.start(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0)
                    .tracing(tracing)
                    .telegram(TestGateways.fastTelegram(telegram.baseUrl()))
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        admin = new HttpTestClient(base()).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        TestApps.publishWithModel(admin, model.baseUrl());
        apiKey = expect(201, admin.send("POST", "/admin/v1/apps/" + TestApps.APP + "/keys", "{\"name\":\"traced\"}"))
                .json()
                .get("key")
                .asText();
        Reply binding = expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps/" + TestApps.APP + "/channels",
                        new JsonObject()
                                .put("type", "telegram")
                                .put(
                                        "settings",
                                        new JsonObject()
                                                .put("botToken", TELEGRAM_TOKEN)
                                                .put("webhookSecret", TELEGRAM_SECRET))
                                .encode()));
        telegramWebhook = base() + "/telegram/" + binding.json().get("id").asText();
    }

    @AfterAll
    void stop() throws Exception {
        TestGateways.closeAll(gateway);
        telegram.close();
        model.close();
        receiver.close();
    }

    @Test
    void should_continue_the_callers_trace_from_the_developer_api_through_the_turn_to_the_model() throws Exception {
        model.reset();
        HttpResponse<String> response = complete(QUESTION, "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        ReceivedSpan channel = awaitSpan(CALLER_TRACE, "channel api");
        assertThat(channel.parentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(channel.kind()).isEqualTo(ReceivedSpan.KIND_SERVER);
        assertThat(channel.attribute("switchboard.app.id")).isEqualTo(TestApps.APP);
        assertThat(channel.resource()).containsEntry("service.name", "switchboard-test");
        ReceivedSpan turn = awaitChild(channel, "turn");
        assertThat(turn.attribute("switchboard.turn.status")).isEqualTo("OK");
        assertThat(turn.attribute("switchboard.channel")).isEqualTo("api");
        ReceivedSpan chat = awaitChild(turn, "chat " + FakeOpenAiServer.MODEL_ID);
        assertThat(chat.kind()).isEqualTo(ReceivedSpan.KIND_CLIENT);
        assertThat(chat.attribute("gen_ai.request.model")).isEqualTo(FakeOpenAiServer.MODEL_ID);
        assertThat(chat.attribute("gen_ai.system")).isEqualTo("openai_compatible");
        assertThat((Long) chat.attribute("gen_ai.usage.input_tokens")).isPositive();

        // The provider got the model span's context: its own spans would join this trace.
        RecordedRequest sent = model.requests().getLast();
        assertThat(sent.header("traceparent")).isEqualTo("00-" + CALLER_TRACE + "-" + chat.spanId() + "-01");
        // The exporter sent the configured header; no span carries the question, the answer or a key.
        assertThat(receiver.requestHeaders().getLast()).containsEntry("x-collector-key", "collector-secret-123");
        String answer =
                JSON.readTree(response.body()).at("/choices/0/message/content").asText();
        for (ReceivedSpan span : receiver.trace(CALLER_TRACE)) {
            assertThat(span.attributes().values())
                    .allSatisfy(value ->
                            assertThat(String.valueOf(value)).doesNotContain("4711", answer, apiKey, "sk-test"));
        }
    }

    @Test
    void should_start_a_new_trace_when_the_callers_traceparent_is_malformed() throws Exception {
        HttpResponse<String> response = complete("hello there", "00-not-a-trace-01");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String responseId = JSON.readTree(response.body()).get("id").asText();
        ReceivedSpan channel = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> receiver.spans().stream()
                                .filter(s -> s.name().equals("channel api")
                                        && responseId.equals(s.attribute("switchboard.message.id")))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(channel.root()).isTrue();
        assertThat(channel.traceId()).isNotEqualTo(CALLER_TRACE).hasSize(32);
    }

    @Test
    void should_trace_a_telegram_message_from_the_channel_through_the_turn() {
        int before = telegram.sentMessages(TELEGRAM_USER).size();
        String body = telegram.withId(TelegramUpdates.privateText(TELEGRAM_USER, "What is Switchboard?"))
                .encode();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> telegram.postToWebhook(telegramWebhook, body, TELEGRAM_SECRET) == 200);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> telegram.sentMessages(TELEGRAM_USER).size() > before);

        ReceivedSpan channel = await().atMost(Duration.ofSeconds(15))
                .until(() -> receiver.span("channel telegram"), java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(channel.root()).as(receiver.describe()).isTrue();
        assertThat(channel.attribute("switchboard.channel")).isEqualTo("telegram");
        ReceivedSpan turn = awaitChild(channel, "turn");
        assertThat(turn.attribute("switchboard.channel")).isEqualTo("telegram");
        assertThat(turn.attribute("switchboard.turn.id")).isNotNull();
    }

    @Test
    void should_trace_an_app_tool_call_under_the_turn_between_two_model_calls() throws Exception {
        String toolApp = "traced-tools";
        JsonObject config = new JsonObject()
                .put("name", "Tools")
                .put("systemPrompt", "You calculate.")
                .put("model", new JsonObject().put("providerId", "fake").put("modelName", "fake-model"))
                .put("skills", new JsonObject().put("tools", List.of("builtin/calculator")));
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps",
                        new JsonObject()
                                .put("id", toolApp)
                                .put("config", config)
                                .encode()));
        expect(201, admin.send("POST", "/admin/v1/apps/" + toolApp + "/publish", "{\"note\":\"tools\"}"));
        String key = expect(201, admin.send("POST", "/admin/v1/apps/" + toolApp + "/keys", "{\"name\":\"t\"}"))
                .json()
                .get("key")
                .asText();
        String trace = "0af7651916cd43dd8448eb211c80319c";
        model.enqueue(
                ModelBehaviour.callTools(
                        new ModelBehaviour.ToolCall("call_calc", "calculator", "{\"expression\":\"6*7\"}")),
                ModelBehaviour.reply("It is 42."));
        HttpResponse<String> response =
                complete(toolApp, key, "what is six times seven", "00-" + trace + "-b7ad6b7169203331-01");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        ReceivedSpan channel = awaitSpan(trace, "channel api");
        ReceivedSpan turn = awaitChild(channel, "turn");
        ReceivedSpan tool = awaitChild(turn, "execute_tool calculator");
        assertThat(tool.attribute("gen_ai.tool.name")).isEqualTo("calculator");
        assertThat(tool.attribute("gen_ai.tool.call.id")).isEqualTo("call_calc");
        assertThat(tool.attributes().values())
                .noneMatch(value -> String.valueOf(value).contains("6*7"));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(receiver.children(turn).stream()
                                .filter(s -> s.name().equals("chat fake-model")))
                        .as(receiver.describe())
                        .hasSize(2));
        assertThat(turn.attribute("switchboard.tool_calls")).isEqualTo(1L);
    }

    @Test
    void should_trace_the_retrieval_of_a_knowledge_app_under_the_turn_before_its_model_call() throws Exception {
        String knowledgeApp = "traced-knowledge";
        JsonNode created = expect(
                        201,
                        admin.send(
                                "POST",
                                "/admin/v1/apps/from-template",
                                new JsonObject()
                                        .put("template", "customer-service")
                                        .put("id", knowledgeApp)
                                        .put(
                                                "model",
                                                new JsonObject()
                                                        .put("providerId", "fake")
                                                        .put("modelName", "fake-model"))
                                        .encode()))
                .json();
        String base = created.at("/knowledgeBaseIds/0").asText();
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(
                        () -> assertThat(admin.send("GET", "/admin/v1/knowledge-bases/" + base + "/documents", null)
                                        .json()
                                        .at("/items/0/status")
                                        .asText())
                                .isEqualTo("ready"));
        expect(201, admin.send("POST", "/admin/v1/apps/" + knowledgeApp + "/publish", "{\"note\":\"kb\"}"));
        String key = expect(201, admin.send("POST", "/admin/v1/apps/" + knowledgeApp + "/keys", "{\"name\":\"k\"}"))
                .json()
                .get("key")
                .asText();
        String trace = "5ce0e9a56015fec5aadfa328ae398115";
        String question = "How long does standard delivery take?";

        HttpResponse<String> response = complete(knowledgeApp, key, question, "00-" + trace + "-a3ce929d0e0e4736-01");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ReceivedSpan turn = awaitChild(awaitSpan(trace, "channel api"), "turn");
        ReceivedSpan retrieval = awaitChild(turn, "retrieval");
        assertThat(retrieval.kind()).isEqualTo(ReceivedSpan.KIND_INTERNAL);
        assertThat(retrieval.statusCode()).isNotEqualTo(ReceivedSpan.STATUS_ERROR);
        assertThat(retrieval.attribute("switchboard.app.id")).isEqualTo(knowledgeApp);
        assertThat(retrieval.attribute("switchboard.knowledge.bases")).isEqualTo(base);
        assertThat(retrieval.attribute("switchboard.knowledge.mode")).isNotNull();
        assertThat(retrieval.attribute("switchboard.knowledge.rewritten")).isInstanceOf(Boolean.class);
        assertThat((Long) retrieval.attribute("switchboard.knowledge.passages")).isPositive();
        // The passages it found reached the model call, a sibling under the same turn.
        awaitChild(turn, "chat fake-model");
        assertThat(model.requests().stream().map(r -> r.body().encode()))
                .anyMatch(body -> body.contains(question) && body.contains("2 to 4 working days"));
        // Neither the question nor a passage is an attribute of any span of the trace.
        for (ReceivedSpan span : receiver.trace(trace)) {
            assertThat(span.attributes().values())
                    .allSatisfy(value ->
                            assertThat(String.valueOf(value)).doesNotContain("standard delivery", "working days"));
        }
    }

    @Test
    void should_trace_a_workflow_run_with_a_span_per_node() throws Exception {
        String graph = """
                {"name":"traced","graph":{"nodes":[
                  {"id":"start","type":"start","config":{}},
                  {"id":"calc","type":"tool","config":{"tool":"builtin/calculator","arguments":{"expression":"6*7"}}},
                  {"id":"end","type":"end","config":{"outputs":[{"name":"v","value":"calc.text"}]}}],
                 "edges":[{"from":"start","to":"calc"},{"from":"calc","to":"end"}]}}""";
        String id = expect(201, admin.send("POST", "/admin/v1/workflows", graph))
                .json()
                .get("id")
                .asText();
        Reply run = admin.send("POST", "/admin/v1/workflows/" + id + "/debug-run", "{}");
        assertThat(run.status()).as(run.body()).isEqualTo(200);

        ReceivedSpan workflow = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> receiver.spans().stream()
                                .filter(s -> s.name().equals("workflow run")
                                        && id.equals(s.attribute("switchboard.workflow.id")))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(workflow.attribute("switchboard.workflow.run.status")).isEqualTo("SUCCEEDED");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(receiver.children(workflow).stream()
                                .map(s -> s.attribute("switchboard.workflow.node.id")))
                        .as(receiver.describe())
                        .containsExactlyInAnyOrder("start", "calc", "end"));
        ReceivedSpan calc = receiver.children(workflow).stream()
                .filter(s -> "calc".equals(s.attribute("switchboard.workflow.node.id")))
                .findFirst()
                .orElseThrow();
        assertThat(calc.name()).isEqualTo("workflow node tool");
        assertThat(calc.attribute("switchboard.workflow.node.status")).isEqualTo("SUCCEEDED");
    }

    @Test
    void should_write_the_trace_id_into_the_json_log_line_of_a_turn() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger turns = context.getLogger("io.switchboard.runtime.turn.StandardAgentRuntime");
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(LogFormat.json(context));
        appender.setOutputStream(lines);
        appender.start();
        Level level = turns.getLevel();
        turns.setLevel(Level.DEBUG);
        turns.addAppender(appender);
        String trace = "11111111111111111111111111111111".replace("1111", "ab12");
        try {
            HttpResponse<String> response = complete("log this turn", "00-" + trace + "-1234567890abcdef-01");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            ReceivedSpan turn = awaitChild(awaitSpan(trace, "channel api"), "turn");
            JsonNode line = await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> lines.toString(StandardCharsets.UTF_8)
                                    .lines()
                                    .map(TracingEndToEndTest::json)
                                    .filter(l ->
                                            l.path("formattedMessage").asText().startsWith("turn "))
                                    .filter(l ->
                                            trace.equals(l.at("/mdc/trace_id").asText()))
                                    .findFirst(),
                            java.util.Optional::isPresent)
                    .orElseThrow();
            assertThat(line.at("/mdc/span_id").asText()).isEqualTo(turn.spanId());
            assertThat(line.path("level").asText()).isEqualTo("DEBUG");
            assertThat(line.path("formattedMessage").asText()).doesNotContain("log this turn");
        } finally {
            turns.detachAppender(appender);
            turns.setLevel(level);
            appender.stop();
        }
        assertThat(Tracing.enabled()).isTrue();
    }

    private ReceivedSpan awaitSpan(String traceId, String name) {
        return await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> receiver.trace(traceId).stream()
                                .filter(s -> s.name().equals(name))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private ReceivedSpan awaitChild(ReceivedSpan parent, String name) {
        return await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> receiver.children(parent).stream()
                                .filter(s -> s.name().equals(name))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow(() ->
                        new AssertionError("no " + name + " under " + parent.name() + ":\n" + receiver.describe()));
    }

    private HttpResponse<String> complete(String text, String traceparent) throws Exception {
        return complete(TestApps.APP, apiKey, text, traceparent);
    }

    private HttpResponse<String> complete(String app, String key, String text, String traceparent) throws Exception {
        String body = new JsonObject()
                .put("model", app)
                .put("messages", List.of(Map.of("role", "user", "content", text)))
                .encode();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("traceparent", traceparent)
                .header("tracestate", "caller=1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    private static Reply expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ", got " + reply);
        }
        return reply;
    }
}
