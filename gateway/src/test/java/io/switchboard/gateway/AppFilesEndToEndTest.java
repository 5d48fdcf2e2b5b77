package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.switchboard.gateway.HttpTestClient.Event;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.TelegramUpdates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * App files between two independent gateways (own database each): an app with a chat-flow workflow, Q&A
 * pairs and an OpenAPI tool with a secret is exported on one and imported on the other, where it
 * answers on the web chat, the developer API (official OpenAI client) and a Telegram bot; the file
 * carries no secret. Dify DSLs import too; bad files are 400s naming the problem and
 * leave nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppFilesEndToEndTest {
    private static final String TOOL_SECRET = "tool-secret-4711-do-not-export";
    private static final String PROVIDER_KEY = "sk-provider-a-secret";
    private static final String OPENAPI = """
            openapi: 3.0.0
            info: {title: Orders, version: '1'}
            servers: [{url: 'http://127.0.0.1:9/api'}]
            paths:
              /orders/{id}:
                get:
                  operationId: getOrder
                  summary: An order by id
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'200': {description: ok}}
            """;

    private FakeOpenAiServer model;
    private FakeTelegramBotApi telegram;
    private Gateway source;
    private Gateway target;
    private HttpTestClient adminA;
    private HttpTestClient adminB;
    private HttpTestClient chatB;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        model = FakeOpenAiServer.create().start();
        telegram = FakeTelegramBotApi.start();
        source = TestGateways.single(dir.resolve("a"));
        Path b = dir.resolve("b");
        target = Gateway.start(TestGateways.config(b, TestGateways.Cluster.create(b), 0)
                .telegram(TestGateways.fastTelegram(telegram.baseUrl()))
                .build());
        adminA = new HttpTestClient(base(source)).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        adminB = new HttpTestClient(base(target)).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        chatB = new HttpTestClient(base(target));
        provider(adminA, "fake-a", PROVIDER_KEY);
        provider(adminB, "fake-b", "sk-provider-b");
    }

    @AfterAll
    void stop() throws Exception {
        source.close();
        target.close();
        telegram.close();
        model.close();
    }

    @Test
    void should_export_an_app_and_import_it_into_a_fresh_gateway_without_its_secrets() {
        expect(
                201,
                adminA.send(
                        "POST",
                        "/admin/v1/apps/from-template",
                        "{\"template\":\"workflow-assistant\",\"id\":\"assistant\","
                                + "\"model\":{\"providerId\":\"fake-a\",\"modelName\":\"fake-model\"}}"));
        JsonNode tool = expect(
                        201,
                        adminA.send(
                                "POST",
                                "/admin/v1/tools/openapi",
                                new JsonObject()
                                        .put("name", "Orders")
                                        .put("document", OPENAPI)
                                        .put(
                                                "auth",
                                                new JsonObject()
                                                        .put("type", "api_key")
                                                        .put("location", "header")
                                                        .put("name", "X-Key")
                                                        .put("secret", TOOL_SECRET))
                                        .encode()))
                .json();
        String toolRef = tool.get("id").asText() + "/getOrder";
        JsonNode draft =
                adminA.send("GET", "/admin/v1/apps/assistant", null).json().get("draft");
        String workflowA = draft.at("/skills/chatFlow").asText();
        expect(
                200,
                adminA.send(
                        "PATCH",
                        "/admin/v1/apps/assistant/draft",
                        new JsonObject()
                                .put("skills", new JsonObject().put("tools", new JsonArray().add(toolRef)))
                                .put(
                                        "qaPairs",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("question", "Who made you?")
                                                        .put("answer", "The Switchboard team.")))
                                .encode()));

        HttpTestClient.Reply exported = expect(200, adminA.send("GET", "/admin/v1/apps/assistant/export", null));

        String yaml = exported.body();
        assertThat(yaml)
                .startsWith("kind: switchboard-app")
                .contains("ref: " + workflowA, "chatFlow: " + workflowA, "Who made you?", "operationId: getOrder")
                .doesNotContain(TOOL_SECRET, PROVIDER_KEY, "X-Key");

        int toolsBefore = providers(adminB);
        JsonNode imported = expect(
                        201,
                        adminB.send(
                                "POST",
                                "/admin/v1/apps/import",
                                new JsonObject()
                                        .put("id", "copied")
                                        .put("yaml", yaml)
                                        .put("publish", true)
                                        .put("model", new JsonObject().put("providerId", "fake-b"))
                                        .encode()))
                .json();

        String workflowB = imported.at("/workflowIds/0").asText();
        String toolB = imported.at("/toolProviderIds/0").asText();
        assertThat(workflowB).isNotEqualTo(workflowA);
        assertThat(imported.at("/app/publishedVersion").asInt()).isEqualTo(1);
        assertThat(imported.at("/app/draft/skills/chatFlow").asText()).isEqualTo(workflowB);
        assertThat(imported.at("/app/draft/skills/tools/0").asText()).isEqualTo(toolB + "/getOrder");
        assertThat(imported.at("/app/draft/model/providerId").asText()).isEqualTo("fake-b");
        assertThat(imported.at("/app/draft/qaPairs/0/answer").asText()).isEqualTo("The Switchboard team.");
        assertThat(imported.get("notes").toString()).contains("without credentials");
        assertThat(providers(adminB)).isEqualTo(toolsBefore + 1);
        JsonNode flow =
                adminB.send("GET", "/admin/v1/workflows/" + workflowB, null).json();
        assertThat(flow.get("publishedVersion").asInt()).isEqualTo(1);
        assertThat(flow.toString()).contains("\"provider\":\"fake-b\"");

        JsonNode done = done(chatB.events("/chat/copied/messages", "{\"text\":\"What is 2+2?\"}"));
        assertThat(done.get("text").asText())
                .startsWith("echo: Conversation so far:")
                .contains("User: What is 2+2?");
        assertThat(model.requests().getLast().header("authorization")).isEqualTo("Bearer sk-provider-b");
        assertThat(ask(apiClient("copied"), "copied", "What is 2+2?"))
                .as("developer API")
                .startsWith("echo: Conversation so far:")
                .contains("User: What is 2+2?");
        assertThat(ask(apiClient("copied"), "copied", "Who made you?"))
                .as("developer API, a Q&A pair")
                .isEqualTo("The Switchboard team.");
        String webhook = telegramBot("copied");
        assertThat(telegramAnswer(webhook, 7401, "Who made you?", "The Switchboard team."))
                .as("Telegram, a Q&A pair")
                .isEqualTo("The Switchboard team.");
        assertThat(telegramAnswer(webhook, 7402, "What is 2+2?", "echo: Conversation so far:"))
                .as("Telegram")
                .contains("User: What is 2+2?");

        // The same file again under the same id: 409, and no second workflow or tool provider.
        int workflows = workflows(adminB);
        HttpTestClient.Reply again = adminB.send(
                "POST",
                "/admin/v1/apps/import",
                new JsonObject()
                        .put("id", "copied")
                        .put("yaml", yaml)
                        .put("model", new JsonObject().put("providerId", "fake-b"))
                        .encode());
        assertThat(again.status()).isEqualTo(409);
        assertThat(workflows(adminB)).isEqualTo(workflows);
        assertThat(providers(adminB)).isEqualTo(toolsBefore + 1);
    }

    @Test
    void should_remove_what_it_registered_when_a_later_step_fails() {
        int tools = providers(adminB);
        int workflows = workflows(adminB);
        String file = """
                kind: switchboard-app
                version: 1
                app:
                  name: Half
                  skills: {tools: [orders/getOrder], chatFlow: flow}
                workflows:
                  - ref: flow
                    name: Flow
                    graph: {nodes: [], edges: []}
                tools:
                  - ref: orders
                    kind: openapi
                    name: Orders
                    document: |
                %s
                knowledge:
                  - ref: kb
                    name: '%s'
                """.formatted(OPENAPI.indent(10).stripTrailing(), "n".repeat(300));

        HttpTestClient.Reply reply = importYaml("half", file);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/error/message").asText()).contains("name");
        assertThat(providers(adminB))
                .as("the tool provider registered first is gone")
                .isEqualTo(tools);
        assertThat(workflows(adminB)).isEqualTo(workflows);
        assertThat(adminB.send("GET", "/admin/v1/apps/half", null).status()).isEqualTo(404);
    }

    @Test
    void should_refuse_bad_files_naming_the_problem() {
        assertBad("", "yaml is required");
        assertBad("just text", "must be a YAML mapping");
        assertBad("a: [unclosed", "not YAML");
        assertBad("name: x", "kind is missing");
        assertBad("kind: switchboard-app\nversion: 2\napp: {name: x}", "version must be 1");
        assertBad(
                "kind: switchboard-app\nversion: 1\napp: {name: x, colour: red}", "app.colour: unknown field 'colour'");
        assertBad(
                "kind: switchboard-app\nversion: 1\napp: {name: x, qaPairs: [{question: q, answer: ''}]}",
                "app.qaPairs[0]: qaPairs[].answer must not be blank");
        assertBad(
                "kind: switchboard-app\nversion: 1\napp: {name: x, skills: {chatFlow: wf-gone}}", "workflow 'wf-gone'");
        assertBad(
                "kind: switchboard-app\nversion: 1\napp: {name: x, model: {providerId: elsewhere, modelName: m}}",
                "app.model.providerId 'elsewhere' names no provider here");
        assertBad("kind: app\nversion: 0.1.5\napp: {mode: chatbot, name: x}", "app.mode 'chatbot'");
        assertThat(adminB.send("GET", "/admin/v1/apps/bad", null).status()).isEqualTo(404);
    }

    @Test
    void should_import_a_dify_chat_app_with_its_prompt_opening_and_model() {
        String dify = """
                app:
                  description: Answers about the shop
                  icon: 🛒
                  icon_type: emoji
                  mode: chat
                  name: Shop helper
                kind: app
                version: 0.1.5
                model_config:
                  model: {provider: openai, name: gpt-4o-mini, mode: chat, completion_params: {temperature: 0.2, max_tokens: 300}}
                  pre_prompt: You help customers of {{shop}}.
                  opening_statement: Welcome to the shop!
                  suggested_questions: ['Where is my order?', 'Can I pay by card?']
                  suggested_questions_after_answer: {enabled: true}
                  user_input_form:
                  - text-input: {variable: shop, label: Shop, default: Corner Shop, required: false}
                """;
        JsonNode imported = expect(
                        201,
                        adminB.send(
                                "POST",
                                "/admin/v1/apps/import",
                                new JsonObject()
                                        .put("id", "dify-chat")
                                        .put("yaml", dify)
                                        .put("publish", true)
                                        .put("model", new JsonObject().put("providerId", "fake-b"))
                                        .encode()))
                .json();

        JsonNode draft = imported.at("/app/draft");
        assertThat(draft.get("name").asText()).isEqualTo("Shop helper");
        assertThat(draft.get("icon").asText()).isEqualTo("🛒");
        assertThat(draft.get("openingStatement").asText()).isEqualTo("Welcome to the shop!");
        assertThat(draft.at("/variables/shop").asText()).isEqualTo("Corner Shop");
        assertThat(draft.at("/model/modelName").asText()).isEqualTo("gpt-4o-mini");
        assertThat(draft.at("/model/maxTokens").asInt()).isEqualTo(300);
        assertThat(draft.at("/followUps/count").asInt()).isEqualTo(3);
        done(chatB.events("/chat/dify-chat/messages", "{\"text\":\"Where is my order?\"}"));
        JsonObject first = model.requests().stream()
                .map(r -> r.body())
                .filter(b -> b != null && b.encode().contains("Where is my order?"))
                .findFirst()
                .orElseThrow();
        assertThat(first.getJsonArray("messages").getJsonObject(0).getString("content"))
                .contains("You help customers of Corner Shop.");
    }

    @Test
    void should_import_a_dify_chatflow_through_the_workflow_importer() {
        String dify = """
                app: {mode: advanced-chat, name: Flow bot}
                kind: app
                version: 0.1.5
                workflow:
                  features:
                    opening_statement: Hi from the flow
                  graph:
                    edges:
                    - {id: e1, source: '1', sourceHandle: source, target: '2', targetHandle: target}
                    - {id: e2, source: '2', sourceHandle: source, target: '3', targetHandle: target}
                    nodes:
                    - id: '1'
                      data: {type: start, title: Start, variables: []}
                    - id: '2'
                      data:
                        type: llm
                        title: Answer
                        model: {provider: openai, name: gpt-4o-mini, mode: chat}
                        prompt_template:
                        - {role: user, text: 'Flow says: {{#sys.query#}}'}
                    - id: '3'
                      data: {type: answer, title: Reply, answer: '{{#2.text#}}'}
                """;
        JsonNode imported = expect(
                        201,
                        adminB.send(
                                "POST",
                                "/admin/v1/apps/import",
                                new JsonObject()
                                        .put("id", "dify-flow")
                                        .put("yaml", dify)
                                        .put("publish", true)
                                        .put(
                                                "model",
                                                new JsonObject()
                                                        .put("providerId", "fake-b")
                                                        .put("modelName", "fake-model"))
                                        .encode()))
                .json();

        assertThat(imported.at("/app/draft/skills/chatFlow").asText())
                .isEqualTo(imported.at("/workflowIds/0").asText());
        assertThat(imported.at("/app/draft/openingStatement").asText()).isEqualTo("Hi from the flow");
        JsonNode done = done(chatB.events("/chat/dify-flow/messages", "{\"text\":\"ping\"}"));
        assertThat(done.get("text").asText()).isEqualTo("echo: Flow says: ping (1 messages)");
    }

    private void assertBad(String yaml, String message) {
        HttpTestClient.Reply reply = importYaml("bad", yaml);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/error/message").asText()).contains(message);
    }

    private HttpTestClient.Reply importYaml(String id, String yaml) {
        return adminB.send(
                "POST",
                "/admin/v1/apps/import",
                new JsonObject().put("id", id).put("yaml", yaml).encode());
    }

    private static int providers(HttpTestClient admin) {
        return admin.send("GET", "/admin/v1/tools", null)
                .json()
                .get("providers")
                .size();
    }

    private static int workflows(HttpTestClient admin) {
        return admin.send("GET", "/admin/v1/workflows?limit=100", null)
                .json()
                .get("items")
                .size();
    }

    private void provider(HttpTestClient admin, String id, String key) {
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/providers",
                        new JsonObject()
                                .put("id", id)
                                .put("name", id)
                                .put("kind", "OPENAI_COMPATIBLE")
                                .put("baseUrl", model.baseUrl())
                                .put("apiKey", key)
                                .put("timeoutMs", 5000)
                                .put("maxRetries", 0)
                                .encode()));
    }

    /** An official OpenAI client with a new key of {@code app} on the target gateway. */
    private OpenAIClient apiClient(String app) {
        String key = expect(201, adminB.send("POST", "/admin/v1/apps/" + app + "/keys", "{\"name\":\"files\"}"))
                .json()
                .get("key")
                .asText();
        return OpenAIOkHttpClient.builder()
                .baseUrl(base(target) + "/v1")
                .apiKey(key)
                .build();
    }

    private static String ask(OpenAIClient client, String app, String question) {
        return client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(app)
                        .addUserMessage(question)
                        .build())
                .choices()
                .getFirst()
                .message()
                .content()
                .orElseThrow();
    }

    /** Binds a Telegram bot to {@code app} on the target gateway; returns its webhook URL and secret. */
    private String telegramBot(String app) {
        String secret = "app-files-webhook-secret-0123456789";
        String binding = expect(
                        201,
                        adminB.send(
                                "POST",
                                "/admin/v1/apps/" + app + "/channels",
                                new JsonObject()
                                        .put("type", "telegram")
                                        .put(
                                                "settings",
                                                new JsonObject()
                                                        .put("botToken", "333333371:AAEappFilesEndToEnd00000000000000")
                                                        .put("webhookSecret", secret))
                                        .encode()))
                .json()
                .get("id")
                .asText();
        return base(target) + "/telegram/" + binding + "|" + secret;
    }

    /** What Telegram user {@code user} reads once the bot's answer starts with {@code expected}. */
    private String telegramAnswer(String webhook, long user, String question, String expected) {
        String[] hook = webhook.split("\\|");
        String body =
                telegram.withId(TelegramUpdates.privateText(user, question)).encode();
        await().atMost(Duration.ofSeconds(20)).until(() -> telegram.postToWebhook(hook[0], body, hook[1]) == 200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !telegram.messages(user).isEmpty()
                        && telegram.messages(user).getLast().startsWith(expected));
        assertThat(telegram.messages(user)).as("one message to " + user).hasSize(1);
        return telegram.messages(user).getLast();
    }

    private String base(Gateway gateway) {
        return "http://127.0.0.1:" + gateway.port();
    }

    private static JsonNode done(List<Event> events) {
        return events.stream()
                .filter(e -> e.name().equals("done"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no done event in " + events))
                .data();
    }

    private static HttpTestClient.Reply expect(int status, HttpTestClient.Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ", got " + reply);
        }
        return reply;
    }
}
