package io.switchboard.testkit;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A fake Anthropic Messages API on loopback: {@code POST /v1/messages} (one JSON message, or Anthropic's
 * named SSE events with {@code "stream": true}) and {@code GET /v1/models}. Checks what the real API
 * checks and a client gets wrong most easily: the {@code x-api-key} and {@code anthropic-version}
 * headers, a positive {@code max_tokens}, system text outside {@code messages}, and that each {@code
 * tool_result} answers a {@code tool_use} of the assistant turn before it. Scripted and recording like
 * {@link FakeOpenAiServer}; scripted tool calls come back as {@code tool_use} blocks ({@code stop_reason:
 * tool_use}), streamed as {@code input_json_delta} pieces.
 */
public final class FakeAnthropicServer extends FakeModelServer<FakeAnthropicServer> {
    public static final String MODEL_ID = "claude-fake-4";

    private FakeAnthropicServer(int port, boolean recording, int eventLoops) {
        super(port, recording, eventLoops);
    }

    /** A recording server on a free port, one event loop; call {@link #start()}. */
    public static FakeAnthropicServer create() {
        return new FakeAnthropicServer(0, true, 1);
    }

    /** {@code http://127.0.0.1:PORT/v1}, what an Anthropic client takes as its base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Serves the default (echo) behaviour without recording. Arguments: {@code [port]} (default 8091). */
    public static void main(String[] args) throws InterruptedException {
        FakeAnthropicServer server = new FakeAnthropicServer(port(args, 8091), false, allCores()).start();
        serveUntilStopped(server, "Anthropic", server.baseUrl());
    }

    @Override
    boolean carriesKey(HttpServerRequest request, String key) {
        return key.equals(request.getHeader("x-api-key"));
    }

    @Override
    void dispatch(HttpServerRequest request, JsonObject body) {
        if (request.getHeader("anthropic-version") == null) {
            writeError(request.response(), 400, "anthropic-version: header is required");
        } else if (request.method() == HttpMethod.POST && request.path().equals("/v1/messages")) {
            messages(request, body);
        } else if (request.method() == HttpMethod.GET && request.path().equals("/v1/models")) {
            JsonObject model = new JsonObject()
                    .put("type", "model")
                    .put("id", MODEL_ID)
                    .put("display_name", "Claude Fake 4")
                    .put("created_at", "2025-01-01T00:00:00Z");
            request.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject()
                            .put("data", new JsonArray().add(model))
                            .put("has_more", false)
                            .put("first_id", MODEL_ID)
                            .put("last_id", MODEL_ID)
                            .encode());
        } else {
            writeError(request.response(), 404, "Not found: " + request.method() + " " + request.path());
        }
    }

    private void messages(HttpServerRequest request, JsonObject body) {
        JsonArray messages = body.getValue("messages") instanceof JsonArray array ? array : null;
        Plan plan = planFor(request, invalid(body, messages), messages);
        if (plan == null) {
            return;
        }
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        String model = body.getString("model");
        int inputTokens = FakeReplies.promptTokens(messages);
        if (Boolean.TRUE.equals(body.getValue("stream"))) {
            answerStream(
                    request,
                    plan,
                    "text/event-stream; charset=utf-8",
                    response -> stream(request, response, plan, id, model, inputTokens));
        } else {
            answerWhole(request, plan, () -> {
                JsonArray content = new JsonArray();
                if (!plan.text().isEmpty()) {
                    content.add(new JsonObject().put("type", "text").put("text", plan.text()));
                }
                for (ModelBehaviour.ToolCall call : plan.toolCalls()) {
                    content.add(toolUse(call).put("input", new JsonObject(call.argumentsJson())));
                }
                JsonObject message =
                        message(id, model, inputTokens).put("content", content).put("stop_reason", stopReason(plan));
                message.getJsonObject("usage").put("output_tokens", outputTokens(plan));
                return message.encode();
            });
        }
    }

    /** The real API's 400s for the mistakes a client could make; null when the request is well formed. */
    private static String invalid(JsonObject body, JsonArray messages) {
        if (!(body.getValue("model") instanceof String model) || model.isBlank()) {
            return "model: Field required";
        }
        if (!(body.getValue("max_tokens") instanceof Integer maxTokens)) {
            return "max_tokens: Field required";
        }
        if (maxTokens < 1) {
            return "max_tokens: Input should be greater than or equal to 1";
        }
        if (messages == null || messages.isEmpty()) {
            return "messages: Field required";
        }
        Set<String> offered = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonObject message = messages.getJsonObject(i);
            String role = message.getString("role");
            if (!"user".equals(role) && !"assistant".equals(role)) {
                return "messages." + i + ".role: Input should be 'user' or 'assistant'"
                        + ("system".equals(role) ? " (system text goes in the top-level 'system' field)" : "");
            }
            Set<String> used = new HashSet<>();
            if (message.getValue("content") instanceof JsonArray blocks) {
                for (int j = 0; j < blocks.size(); j++) {
                    JsonObject block = blocks.getJsonObject(j);
                    String type = block.getString("type");
                    if ("tool_use".equals(type)) {
                        used.add(block.getString("id"));
                    } else if ("tool_result".equals(type) && !offered.contains(block.getString("tool_use_id"))) {
                        return "messages." + i + ".content." + j + ": unexpected `tool_use_id` found in"
                                + " `tool_result` blocks: " + block.getString("tool_use_id")
                                + ". Each `tool_result` block must have a corresponding `tool_use` block in the"
                                + " previous message.";
                    }
                }
            }
            offered = used;
        }
        return null;
    }

    private void stream(
            HttpServerRequest request,
            HttpServerResponse response,
            Plan plan,
            String id,
            String model,
            int inputTokens) {
        List<String> chunks = FakeReplies.chunks(plan.text());
        JsonObject start =
                message(id, model, inputTokens).put("content", new JsonArray()).putNull("stop_reason");
        start.getJsonObject("usage").put("output_tokens", 1);
        Future<Void> written = response.write(event("message_start", new JsonObject().put("message", start)));
        written = response.write(event("ping", new JsonObject()));
        int index = 0;
        int sent = chunksToSend(plan, chunks);
        if (!chunks.isEmpty()) {
            written = response.write(event(
                    "content_block_start",
                    new JsonObject()
                            .put("index", index)
                            .put(
                                    "content_block",
                                    new JsonObject().put("type", "text").put("text", ""))));
            for (int i = 0; i < sent; i++) {
                written = response.write(event(
                        "content_block_delta",
                        new JsonObject()
                                .put("index", index)
                                .put(
                                        "delta",
                                        new JsonObject()
                                                .put("type", "text_delta")
                                                .put("text", chunks.get(i)))));
            }
            if (plan.drops()) {
                dropAfter(written, request);
                return;
            }
            response.write(event("content_block_stop", new JsonObject().put("index", index)));
            index++;
        }
        for (ModelBehaviour.ToolCall call : plan.toolCalls()) {
            response.write(event(
                    "content_block_start",
                    new JsonObject()
                            .put("index", index)
                            .put("content_block", toolUse(call).put("input", new JsonObject()))));
            String args = call.argumentsJson();
            int half = args.length() / 2;
            for (String piece : new String[] {args.substring(0, half), args.substring(half)}) {
                response.write(event(
                        "content_block_delta",
                        new JsonObject()
                                .put("index", index)
                                .put(
                                        "delta",
                                        new JsonObject()
                                                .put("type", "input_json_delta")
                                                .put("partial_json", piece))));
            }
            response.write(event("content_block_stop", new JsonObject().put("index", index)));
            index++;
        }
        response.write(event(
                "message_delta",
                new JsonObject()
                        .put(
                                "delta",
                                new JsonObject()
                                        .put("stop_reason", stopReason(plan))
                                        .putNull("stop_sequence"))
                        .put("usage", new JsonObject().put("output_tokens", outputTokens(plan)))));
        response.end(event("message_stop", new JsonObject()));
    }

    private static JsonObject message(String id, String model, int inputTokens) {
        return new JsonObject()
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model)
                .putNull("stop_sequence")
                .put("usage", new JsonObject().put("input_tokens", inputTokens).put("output_tokens", 0));
    }

    private static JsonObject toolUse(ModelBehaviour.ToolCall call) {
        return new JsonObject().put("type", "tool_use").put("id", call.id()).put("name", call.name());
    }

    private static String stopReason(Plan plan) {
        return plan.toolCalls().isEmpty() ? "end_turn" : "tool_use";
    }

    private static int outputTokens(Plan plan) {
        return FakeReplies.chunks(plan.text()).size() + plan.toolCalls().size();
    }

    /** One named SSE event; Anthropic repeats the name as the data's {@code type}. */
    private static String event(String name, JsonObject data) {
        return "event: " + name + "\ndata: " + data.put("type", name).encode() + "\n\n";
    }

    @Override
    void writeErrorBody(HttpServerResponse response, int status, String message) {
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("type", "error")
                        .put("error", new JsonObject().put("type", type).put("message", message))
                        .encode());
    }
}
