package io.switchboard.testkit;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * A fake Ollama on loopback: {@code POST /api/chat} (NDJSON stream by default, or one JSON object with
 * {@code "stream": false}) and {@code GET /api/tags}. Scripted and recording like {@link
 * FakeOpenAiServer}; scripted tool calls use Ollama's native {@code tool_calls} format (arguments as a
 * JSON object), and replayed ones must too.
 */
public final class FakeOllamaServer extends FakeModelServer<FakeOllamaServer> {
    public static final String MODEL_ID = "fake-model:latest";
    private static final long NANOS_PER_TOKEN = 1_000_000;

    private FakeOllamaServer(int port, boolean recording, int eventLoops) {
        super(port, recording, eventLoops);
    }

    /** A recording server on a free port, one event loop; call {@link #start()}. */
    public static FakeOllamaServer create() {
        return new FakeOllamaServer(0, true, 1);
    }

    /** {@code http://127.0.0.1:PORT}, what an Ollama client takes as its base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Serves the default (echo) behaviour without recording. Arguments: {@code [port]} (default 11434). */
    public static void main(String[] args) throws InterruptedException {
        FakeOllamaServer server = new FakeOllamaServer(port(args, 11434), false, allCores()).start();
        serveUntilStopped(server, "Ollama", server.baseUrl());
    }

    @Override
    void dispatch(HttpServerRequest request, JsonObject body) {
        if (request.method() == HttpMethod.POST && request.path().equals("/api/chat")) {
            chat(request, body);
        } else if (request.method() == HttpMethod.GET && request.path().equals("/api/tags")) {
            JsonObject model = new JsonObject()
                    .put("name", MODEL_ID)
                    .put("model", MODEL_ID)
                    .put("modified_at", "2025-01-01T00:00:00Z")
                    .put("size", 1)
                    .put("digest", "0".repeat(64))
                    .put("details", new JsonObject().put("format", "gguf"));
            request.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject()
                            .put("models", new JsonArray().add(model))
                            .encode());
        } else {
            writeError(request.response(), 404, "404 page not found");
        }
    }

    private void chat(HttpServerRequest request, JsonObject body) {
        JsonArray messages = body.getValue("messages") instanceof JsonArray array ? array : null;
        if (!(body.getValue("model") instanceof String model) || model.isBlank()) {
            writeError(request.response(), 400, "model is required");
            return;
        }
        if (messages == null) {
            writeError(request.response(), 400, "messages must be an array");
            return;
        }
        Plan plan = planFor(request, wrongToolCall(messages), messages);
        if (plan == null) {
            return;
        }
        int promptTokens = FakeReplies.promptTokens(messages);
        // Ollama streams unless told otherwise.
        if (!Boolean.FALSE.equals(body.getValue("stream"))) {
            answerStream(
                    request,
                    plan,
                    "application/x-ndjson",
                    response -> stream(request, response, plan, model, promptTokens));
        } else {
            answerWhole(
                    request,
                    plan,
                    () -> last(
                                    model,
                                    promptTokens,
                                    FakeReplies.chunks(plan.text()).size())
                            .put("message", withToolCalls(message(plan.text()), plan))
                            .encode());
        }
    }

    private void stream(
            HttpServerRequest request, HttpServerResponse response, Plan plan, String model, int promptTokens) {
        List<String> chunks = FakeReplies.chunks(plan.text());
        int sent = chunksToSend(plan, chunks);
        Future<Void> written = Future.succeededFuture();
        for (int i = 0; i < sent; i++) {
            JsonObject line = new JsonObject()
                    .put("model", model)
                    .put("created_at", Instant.now().toString())
                    .put("message", message(chunks.get(i)))
                    .put("done", false);
            written = response.write(line.encode() + "\n");
        }
        if (plan.drops()) {
            dropAfter(written, request);
            return;
        }
        response.end(last(model, promptTokens, chunks.size())
                        .put("message", withToolCalls(message(""), plan))
                        .encode()
                + "\n");
    }

    /**
     * Ollama's own check of replayed tool calls: unlike OpenAI's wire format, {@code arguments} is a JSON
     * object, not a string holding JSON; a string is refused with Ollama's decoding error.
     */
    private static String wrongToolCall(JsonArray messages) {
        for (Object message : messages) {
            if (message instanceof JsonObject object && object.getValue("tool_calls") instanceof JsonArray calls) {
                for (Object call : calls) {
                    Object arguments = call instanceof JsonObject c && c.getValue("function") instanceof JsonObject f
                            ? f.getValue("arguments")
                            : null;
                    if (!(arguments instanceof JsonObject)) {
                        return "json: cannot unmarshal " + (arguments instanceof String ? "string" : "value")
                                + " into Go struct field ToolCallFunction.messages.tool_calls.function.arguments"
                                + " of type api.ToolCallFunctionArguments";
                    }
                }
            }
        }
        return null;
    }

    private static JsonObject withToolCalls(JsonObject message, Plan plan) {
        if (!plan.toolCalls().isEmpty()) {
            JsonArray calls = new JsonArray();
            for (ModelBehaviour.ToolCall call : plan.toolCalls()) {
                calls.add(new JsonObject()
                        .put(
                                "function",
                                new JsonObject()
                                        .put("name", call.name())
                                        .put("arguments", new JsonObject(call.argumentsJson()))));
            }
            message.put("tool_calls", calls);
        }
        return message;
    }

    private static JsonObject message(String content) {
        return new JsonObject().put("role", "assistant").put("content", content);
    }

    private static JsonObject last(String model, int promptTokens, int evalCount) {
        return new JsonObject()
                .put("model", model)
                .put("created_at", Instant.now().toString())
                .put("done_reason", "stop")
                .put("done", true)
                .put("total_duration", (promptTokens + evalCount) * NANOS_PER_TOKEN)
                .put("load_duration", NANOS_PER_TOKEN)
                .put("prompt_eval_count", promptTokens)
                .put("prompt_eval_duration", promptTokens * NANOS_PER_TOKEN)
                .put("eval_count", evalCount)
                .put("eval_duration", evalCount * NANOS_PER_TOKEN);
    }

    @Override
    void writeErrorBody(HttpServerResponse response, int status, String message) {
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
