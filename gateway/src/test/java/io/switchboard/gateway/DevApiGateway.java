package io.switchboard.gateway;

import io.switchboard.testkit.FakeOpenAiServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * A gateway with one published app for developer-API client tests: the app talks to the fake
 * OpenAI server, passes client tools through, and bounds {@code max_tokens} to {@link #MAX_TOKENS}.
 */
final class DevApiGateway implements AutoCloseable {
    static final String APP = "api-app";
    static final String APP_PROMPT = "You are the API app.";
    static final int MAX_TOKENS = 500;
    static final String PROVIDER_KEY = "sk-provider-devapi-123456";

    final FakeOpenAiServer model;
    final Gateway gateway;
    final HttpTestClient admin;
    final String apiKey;

    DevApiGateway(Path dir) {
        model = FakeOpenAiServer.create().expectApiKey(PROVIDER_KEY).start();
        gateway = TestGateways.single(dir);
        admin = new HttpTestClient(base()).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
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
                                .put("apiKey", PROVIDER_KEY)
                                .put("timeoutMs", 5000)
                                .put("maxRetries", 0)
                                .encode()));
        JsonObject config = new JsonObject()
                .put("name", "API app")
                .put("systemPrompt", APP_PROMPT)
                .put("model", new JsonObject().put("providerId", "fake").put("modelName", "fake-model"))
                .put("memory", new JsonObject().put("lastMessages", 10).put("tokenBudget", 2000))
                .put("qaPairs", new JsonArray())
                .put(
                        "api",
                        new JsonObject()
                                .put("systemMessage", "append")
                                .put("clientTools", "pass_through")
                                .put("maxTokens", MAX_TOKENS));
        expect(
                201,
                admin.send(
                        "POST",
                        "/admin/v1/apps",
                        new JsonObject().put("id", APP).put("config", config).encode()));
        expect(201, admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{\"note\":\"api\"}"));
        apiKey = expect(201, admin.send("POST", "/admin/v1/apps/" + APP + "/keys", "{\"name\":\"clients\"}"))
                .json()
                .get("key")
                .asText();
    }

    String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    /** What an OpenAI client takes as its base URL. */
    String v1() {
        return base() + "/v1";
    }

    /** The body of the last request the fake model received. */
    JsonObject lastModelRequest() {
        return model.requests().getLast().body();
    }

    private static HttpTestClient.Reply expect(int status, HttpTestClient.Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ", got " + reply);
        }
        return reply;
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        model.close();
    }
}
