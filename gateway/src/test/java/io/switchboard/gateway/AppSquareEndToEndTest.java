package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.switchboard.gateway.HttpTestClient.Event;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.RecordedRequest;
import io.switchboard.testkit.weixin.FakeWeixinPlatform;
import io.switchboard.testkit.weixin.OfficialAccount;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinMessages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app square on a real node: every built-in template becomes a published app that answers — through
 * the web chat or the developer API (official OpenAI client) — with the fake model or, for the WeChat FAQ
 * bot, offline from its Q&A pairs, on the web chat and on a WeChat subscription account (the fake
 * platform's encrypted callback).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppSquareEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeOpenAiServer model;
    private FakeWeixinPlatform weixin;
    private Gateway gateway;
    private HttpTestClient admin;
    private HttpTestClient anonymous;

    @BeforeAll
    void start(@TempDir Path dir) {
        model = FakeOpenAiServer.create().start();
        weixin = FakeWeixinPlatform.start();
        gateway = TestGateways.single(dir);
        String base = "http://127.0.0.1:" + gateway.port();
        anonymous = new HttpTestClient(base);
        admin = new HttpTestClient(base).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/providers",
                        new JsonObject()
                                .put("id", "fake")
                                .put("name", "Fake")
                                .put("kind", "OPENAI_COMPATIBLE")
                                .put("baseUrl", model.baseUrl())
                                .put("apiKey", "sk-fake")
                                .put("timeoutMs", 5000)
                                .put("maxRetries", 0)
                                .encode()));
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        weixin.close();
        model.close();
    }

    @Test
    void should_list_templates_by_category() {
        JsonNode all =
                expect(200, admin.send("GET", "/admin/v1/app-templates", null)).json();
        assertThat(all.get("items"))
                .extracting(t -> t.get("key").asText())
                .containsExactly("customer-service", "translator", "extractor", "wechat-faq", "workflow-assistant");
        JsonNode text = expect(200, admin.send("GET", "/admin/v1/app-templates?category=text", null))
                .json();
        assertThat(text.get("items")).extracting(t -> t.get("key").asText()).containsExactly("translator", "extractor");
        assertThat(text.at("/items/0/usage").asText()).contains("response_format");

        HttpTestClient.Reply bad = admin.send("GET", "/admin/v1/app-templates?category=games", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("category must be");
    }

    @Test
    void should_refuse_an_unknown_template_a_missing_model_and_a_taken_id() {
        assertThat(create("no-such", "x1", false).status()).isEqualTo(404);
        HttpTestClient.Reply noModel = create("translator", "tr-no-model", false);
        assertThat(noModel.status()).isEqualTo(400);
        assertThat(noModel.body()).contains("model.providerId is required");
        HttpTestClient.Reply unknownProvider = admin.send(
                "POST",
                "/admin/v1/apps/from-template",
                "{\"template\":\"translator\",\"id\":\"tr-bad\",\"model\":{\"providerId\":\"nope\",\"modelName\":\"m\"}}");
        assertThat(unknownProvider.status()).isEqualTo(400);
        assertThat(unknownProvider.body()).contains("'nope' names no provider");
        expect(201, create("wechat-faq", "faq-taken", false));
        assertThat(create("wechat-faq", "faq-taken", false).status()).isEqualTo(409);
        assertThat(admin.send("GET", "/admin/v1/apps/tr-no-model", null).status())
                .isEqualTo(404);
    }

    @Test
    void should_answer_customer_questions_from_the_shipped_knowledge_base() {
        JsonNode created = expect(201, create("customer-service", "cs", true)).json();
        String kb = created.at("/knowledgeBaseIds/0").asText();
        assertThat(created.at("/app/draft/knowledge/knowledgeBaseIds/0").asText())
                .isEqualTo(kb);
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(
                        () -> assertThat(admin.send("GET", "/admin/v1/knowledge-bases/" + kb + "/documents", null)
                                        .json()
                                        .at("/items/0/status")
                                        .asText())
                                .isEqualTo("ready"));

        List<Event> events =
                anonymous.events("/chat/cs/messages", "{\"text\":\"How long does standard delivery take?\"}");

        JsonNode done = done(events);
        assertThat(done.get("text").asText()).startsWith("echo: How long does standard delivery take?");
        assertThat(done.get("sources").toString()).contains("help-centre.md");
        String system = systemPromptOf(request("How long does standard delivery take?"));
        assertThat(system).contains("customer service assistant of Acme Home").contains("2 to 4 working days");
    }

    @Test
    void should_translate_to_structured_json_through_the_developer_api() {
        expect(201, create("translator", "translate", true));
        OpenAIClient client = client("translate");
        model.enqueue(ModelBehaviour.reply("{\"translation\":\"Good morning\",\"sourceLanguage\":\"de\"}"));

        ChatCompletion completion = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("translate")
                        .addSystemMessage("Answer in French instead.")
                        .addUserMessage("Guten Morgen")
                        .responseFormat(ResponseFormatJsonSchema.builder()
                                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                                        .name("translation")
                                        .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                                .putAdditionalProperty("type", JsonValue.from("object"))
                                                .putAdditionalProperty(
                                                        "properties",
                                                        JsonValue.from(Map.of(
                                                                "translation", Map.of("type", "string"),
                                                                "sourceLanguage", Map.of("type", "string"))))
                                                .build())
                                        .build())
                                .build())
                        .build());

        JsonNode answer =
                readJson(completion.choices().getFirst().message().content().orElseThrow());
        assertThat(answer.get("translation").asText()).isEqualTo("Good morning");
        JsonObject sent = request("Guten Morgen");
        assertThat(systemPromptOf(sent)).contains("translation engine").contains("into English");
        assertThat(sent.encode()).doesNotContain("Answer in French");
        assertThat(sent.getJsonObject("response_format").getString("type")).isEqualTo("json_schema");
    }

    @Test
    void should_extract_and_classify_a_message_to_json() {
        expect(201, create("extractor", "extract", true));
        model.enqueue(ModelBehaviour.reply("{\"category\":\"return\",\"name\":\"Ana\",\"email\":\"ana@example.com\","
                + "\"phone\":null,\"orderNumber\":\"A-17\",\"summary\":\"Ana wants to return order A-17.\"}"));

        ChatCompletion completion = client("extract")
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("extract")
                        .addUserMessage("Hi, Ana here (ana@example.com). I'd like to return order A-17.")
                        .responseFormat(ResponseFormatJsonObject.builder().build())
                        .build());

        JsonNode answer =
                readJson(completion.choices().getFirst().message().content().orElseThrow());
        assertThat(answer.get("category").asText()).isEqualTo("return");
        JsonObject sent = request("I'd like to return order A-17.");
        assertThat(systemPromptOf(sent)).contains("order, delivery, return, complaint, other");
        assertThat(sent.getJsonObject("response_format").getString("type")).isEqualTo("json_object");
    }

    @Test
    void should_answer_the_faq_bot_offline_from_its_qa_pairs() {
        JsonNode created = expect(201, create("wechat-faq", "faq", false)).json();
        assertThat(created.at("/app/draft/model").isMissingNode()
                        || created.at("/app/draft/model").isNull())
                .isTrue();
        int before = model.requests().size();

        JsonNode done = done(anonymous.events("/chat/faq/messages", "{\"text\":\"如何退货？\"}"));

        assertThat(done.get("text").asText()).contains("7 天内可无理由退货");
        assertThat(model.requests()).hasSize(before);
    }

    @Test
    void should_answer_the_faq_bot_on_a_wechat_subscription_account() {
        expect(201, create("wechat-faq", "faq-mp", false));
        OfficialAccount account = OfficialAccount.random("faq-mp");
        weixin.register(account);
        String binding = expect(
                        201,
                        admin.send(
                                "POST",
                                "/admin/v1/apps/faq-mp/channels",
                                new JsonObject()
                                        .put("type", "wechat-mp")
                                        .put(
                                                "settings",
                                                new JsonObject()
                                                        .put("appId", account.appId())
                                                        .put("appSecret", account.secret())
                                                        .put("token", account.token())
                                                        .put("encodingAesKey", account.encodingAesKey())
                                                        .put("mode", "compatible")
                                                        .put("accountType", "subscription")
                                                        .put("apiBaseUrl", weixin.apiBaseUrl()))
                                        .encode()))
                .json()
                .get("id")
                .asText();
        int before = model.requests().size();
        String xml = WeixinMessages.text(
                account.originalId(), "o-faq-user", WeixinCallbacks.now(), System.nanoTime(), "如何退货？");

        WeixinCallbacks.Outcome outcome = weixin.callbacks()
                .deliverMp(
                        account,
                        WeixinCallbacks.Mode.COMPATIBLE,
                        List.of("http://127.0.0.1:" + gateway.port() + "/wechat/" + binding),
                        xml,
                        Duration.ofSeconds(5),
                        3)
                .await();

        assertThat(outcome.failed()).as(outcome.toString()).isFalse();
        assertThat(outcome.attempts()).as("answered at the first try").hasSize(1);
        assertThat(outcome.reply()).contains("7 天内可无理由退货");
        assertThat(model.requests()).hasSize(before);
    }

    @Test
    void should_answer_through_the_workflow_of_the_workflow_assistant() {
        JsonNode created =
                expect(201, create("workflow-assistant", "flow", true)).json();
        String workflow = created.at("/workflowIds/0").asText();
        assertThat(created.at("/app/draft/skills/chatFlow").asText()).isEqualTo(workflow);
        assertThat(admin.send("GET", "/admin/v1/workflows/" + workflow, null)
                        .json()
                        .get("publishedVersion")
                        .asInt())
                .isEqualTo(1);

        JsonNode done = done(anonymous.events("/chat/flow/messages", "{\"text\":\"Tell me a joke\"}"));

        assertThat(done.get("text").asText()).startsWith("echo: Conversation so far:");
        assertThat(done.get("text").asText()).contains("User: Tell me a joke");
    }

    private HttpTestClient.Reply create(String template, String id, boolean withModel) {
        JsonObject body = new JsonObject().put("template", template).put("id", id);
        if (withModel) {
            body.put("model", new JsonObject().put("providerId", "fake").put("modelName", "fake-model"));
        }
        return admin.send("POST", "/admin/v1/apps/from-template", body.encode());
    }

    private OpenAIClient client(String app) {
        String key = expect(201, admin.send("POST", "/admin/v1/apps/" + app + "/keys", "{\"name\":\"t\"}"))
                .json()
                .get("key")
                .asText();
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
                .apiKey(key)
                .build();
    }

    /** The model request whose last user message contains {@code text}. */
    private JsonObject request(String text) {
        return model.requests().stream()
                .map(RecordedRequest::body)
                .filter(body -> body != null && body.getJsonArray("messages") != null)
                .filter(body -> {
                    JsonArray messages = body.getJsonArray("messages");
                    return String.valueOf(
                                    messages.getJsonObject(messages.size() - 1).getValue("content"))
                            .contains(text);
                })
                .findFirst()
                .orElseThrow(() -> new AssertionError("the model was never asked " + text));
    }

    private static String systemPromptOf(JsonObject request) {
        JsonObject first = request.getJsonArray("messages").getJsonObject(0);
        assertThat(first.getString("role")).isEqualTo("system");
        return String.valueOf(first.getValue("content"));
    }

    private static JsonNode done(List<Event> events) {
        return events.stream()
                .filter(e -> e.name().equals("done"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no done event in " + events))
                .data();
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static HttpTestClient.Reply expect(int status, HttpTestClient.Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ", got " + reply);
        }
        return reply;
    }
}
