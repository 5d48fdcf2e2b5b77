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
 * A fake Alibaba Cloud Model Studio (DashScope) native API on loopback: {@code POST
 * /api/v1/services/aigc/text-generation/generation} and {@code .../multimodal-generation/generation},
 * whole answers or, with {@code X-DashScope-SSE: enable}, SSE events ({@code id:}, {@code
 * event:result}, {@code :HTTP_STATUS/200}, {@code data:}) that carry only the new text when {@code
 * parameters.incremental_output} is true and the whole text so far otherwise, as DashScope does. Checks
 * what the real API checks: the bearer key (a wrong one is 401 {@code InvalidApiKey}), {@code model},
 * roles, string content on the text endpoint and {@code [{"text"}, {"image"}]} lists on the multimodal
 * one, that a {@code tool} message answers a {@code tool_calls} id of the assistant message before it,
 * and {@code result_format} ({@code message}, else the legacy {@code output.text}). Scripted tool calls
 * come back as {@code tool_calls} with {@code finish_reason: tool_calls}, streamed as an id and name
 * first and the arguments in two pieces. Errors are DashScope's {@code {code, message, request_id}}.
 */
public final class FakeDashScopeServer extends FakeModelServer<FakeDashScopeServer> {
    public static final String MODEL_ID = "qwen-fake-plus";
    public static final String VISION_MODEL_ID = "qwen-vl-fake";
    private static final String TEXT = "/api/v1/services/aigc/text-generation/generation";
    private static final String MULTIMODAL = "/api/v1/services/aigc/multimodal-generation/generation";
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    private FakeDashScopeServer(int port, boolean recording, int eventLoops) {
        super(port, recording, eventLoops);
    }

    /** A recording server on a free port, one event loop; call {@link #start()}. */
    public static FakeDashScopeServer create() {
        return new FakeDashScopeServer(0, true, 1);
    }

    /** {@code http://127.0.0.1:PORT/api/v1}, what a DashScope client takes as its base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/api/v1";
    }

    /** Serves the default (echo) behaviour without recording. Arguments: {@code [port]} (default 8093). */
    public static void main(String[] args) throws InterruptedException {
        FakeDashScopeServer server = new FakeDashScopeServer(port(args, 8093), false, allCores()).start();
        serveUntilStopped(server, "DashScope", server.baseUrl());
    }

    @Override
    void rejectKey(HttpServerResponse response) {
        writeError(response, 401, "Invalid API-key provided.");
    }

    @Override
    void dispatch(HttpServerRequest request, JsonObject body) {
        boolean text = request.path().equals(TEXT);
        if (request.method() != HttpMethod.POST || !text && !request.path().equals(MULTIMODAL)) {
            writeError(request.response(), 404, "url error, please check url!");
            return;
        }
        JsonObject input = body.getValue("input") instanceof JsonObject object ? object : new JsonObject();
        JsonArray messages = input.getValue("messages") instanceof JsonArray array ? array : null;
        Plan plan = planFor(request, invalid(body, messages, !text), messages);
        if (plan == null) {
            return;
        }
        JsonObject parameters = body.getValue("parameters") instanceof JsonObject object ? object : new JsonObject();
        Answer answer = new Answer(
                plan,
                !text,
                "message".equals(parameters.getString("result_format")),
                FakeReplies.promptTokens(messages),
                UUID.randomUUID().toString());
        if ("enable".equalsIgnoreCase(request.getHeader("X-DashScope-SSE"))) {
            boolean incremental = Boolean.TRUE.equals(parameters.getValue("incremental_output"));
            answerStream(
                    request,
                    plan,
                    "text/event-stream;charset=UTF-8",
                    response -> stream(request, response, answer, incremental));
        } else {
            answerWhole(
                    request,
                    plan,
                    () -> answer.body(plan.text(), plan.toolCalls(), "stop", outputTokens(plan))
                            .encode());
        }
    }

    /** DashScope's 400s ({@code InvalidParameter}) for a malformed request; null when it is well formed. */
    private static String invalid(JsonObject body, JsonArray messages, boolean multimodal) {
        if (!(body.getValue("model") instanceof String model) || model.isBlank()) {
            return "Model not exist.";
        }
        if (messages == null || messages.isEmpty()) {
            return "Input messages must not be empty.";
        }
        Set<String> offered = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonObject message = messages.getJsonObject(i);
            String role = message.getString("role");
            if (!ROLES.contains(role)) {
                return "Role must be in [user, assistant, system, tool]";
            }
            Object content = message.getValue("content");
            if (multimodal && !(content instanceof JsonArray)) {
                return "Input messages[" + i + "].content of a multimodal model must be a list of {text|image}";
            }
            if (!multimodal && !(content instanceof String)) {
                return "Input messages[" + i + "].content must be a string for a text model";
            }
            Set<String> called = new HashSet<>();
            if ("assistant".equals(role) && message.getValue("tool_calls") instanceof JsonArray calls) {
                for (Object call : calls) {
                    called.add(((JsonObject) call).getString("id"));
                }
            }
            if ("tool".equals(role)) {
                if (!offered.contains(message.getString("tool_call_id"))) {
                    return "Input messages[" + i + "]: a tool message must answer a tool_calls id of the"
                            + " assistant message before it, got: " + message.getString("tool_call_id");
                }
                called = offered; // several tool messages may follow one assistant message
            }
            offered = called;
        }
        return null;
    }

    private void stream(HttpServerRequest request, HttpServerResponse response, Answer answer, boolean incremental) {
        Plan plan = answer.plan;
        List<String> chunks = FakeReplies.chunks(plan.text());
        int sent = chunksToSend(plan, chunks);
        Future<Void> written = Future.succeededFuture();
        StringBuilder soFar = new StringBuilder();
        int event = 0;
        for (int i = 0; i < sent; i++) {
            soFar.append(chunks.get(i));
            boolean last =
                    !plan.drops() && i == chunks.size() - 1 && plan.toolCalls().isEmpty();
            written = response.write(event(
                    ++event,
                    answer.body(
                            incremental ? chunks.get(i) : soFar.toString(), List.of(), last ? "stop" : "null", i + 1)));
        }
        if (plan.drops()) {
            dropAfter(written, request);
            return;
        }
        int tokens = outputTokens(plan);
        for (int c = 0; c < plan.toolCalls().size(); c++) {
            ModelBehaviour.ToolCall call = plan.toolCalls().get(c);
            String args = call.argumentsJson();
            int half = args.length() / 2;
            JsonObject head = answer.body("", List.of(), "null", tokens);
            head.getJsonObject("output")
                    .getJsonArray("choices")
                    .getJsonObject(0)
                    .getJsonObject("message")
                    .put(
                            "tool_calls",
                            new JsonArray().add(toolCall(c, call.id(), call.name(), args.substring(0, half))));
            response.write(event(++event, head));
            JsonObject tail = answer.body("", List.of(), "null", tokens);
            tail.getJsonObject("output")
                    .getJsonArray("choices")
                    .getJsonObject(0)
                    .getJsonObject("message")
                    .put("tool_calls", new JsonArray().add(toolCall(c, "", "", args.substring(half))));
            response.write(event(++event, tail));
        }
        if (!plan.toolCalls().isEmpty() || chunks.isEmpty()) {
            response.write(event(++event, answer.body("", List.of(), finishReason(plan), tokens)));
        }
        response.end();
    }

    private static JsonObject toolCall(int index, String id, String name, String arguments) {
        return new JsonObject()
                .put("index", index)
                .put("id", id)
                .put("type", "function")
                .put("function", new JsonObject().put("name", name).put("arguments", arguments));
    }

    private static String finishReason(Plan plan) {
        return plan.toolCalls().isEmpty() ? "stop" : "tool_calls";
    }

    private static int outputTokens(Plan plan) {
        return FakeReplies.chunks(plan.text()).size() + plan.toolCalls().size();
    }

    /** DashScope's SSE framing, a comment line with the status included. */
    private static String event(int id, JsonObject data) {
        return "id:" + id + "\nevent:result\n:HTTP_STATUS/200\ndata:" + data.encode() + "\n\n";
    }

    /** What one request answers with, in the request's result format and content shape. */
    private record Answer(Plan plan, boolean multimodal, boolean messageFormat, int inputTokens, String requestId) {
        /**
         * One body or event: {@code text} (and {@code calls}, whole) with {@code finishReason} ("null"
         * while a stream goes on) and {@code outputTokens} so far.
         */
        JsonObject body(String text, List<ModelBehaviour.ToolCall> calls, String finishReason, int outputTokens) {
            String reason = finishReason.equals("stop") && !calls.isEmpty() ? "tool_calls" : finishReason;
            JsonObject output;
            if (messageFormat) {
                JsonObject message = new JsonObject()
                        .put("role", "assistant")
                        .put("content", multimodal ? new JsonArray().add(new JsonObject().put("text", text)) : text);
                if (!calls.isEmpty()) {
                    JsonArray toolCalls = new JsonArray();
                    for (int i = 0; i < calls.size(); i++) {
                        toolCalls.add(toolCall(
                                i,
                                calls.get(i).id(),
                                calls.get(i).name(),
                                calls.get(i).argumentsJson()));
                    }
                    message.put("tool_calls", toolCalls);
                }
                output = new JsonObject()
                        .put(
                                "choices",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("finish_reason", reason)
                                                .put("message", message)));
            } else {
                output = new JsonObject().put("text", text).put("finish_reason", reason);
            }
            return new JsonObject()
                    .put("output", output)
                    .put(
                            "usage",
                            new JsonObject()
                                    .put("input_tokens", inputTokens)
                                    .put("output_tokens", outputTokens)
                                    .put("total_tokens", inputTokens + outputTokens))
                    .put("request_id", requestId);
        }
    }

    @Override
    void writeErrorBody(HttpServerResponse response, int status, String message) {
        String code = switch (status) {
            case 400 -> "InvalidParameter";
            case 401 -> "InvalidApiKey";
            case 403 -> "AccessDenied";
            case 404 -> "ModelNotFound";
            case 429 -> "Throttling.RateQuota";
            default -> status >= 500 ? "InternalError" : "InvalidParameter";
        };
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("code", code)
                        .put("message", message)
                        .put("request_id", UUID.randomUUID().toString())
                        .encode());
    }
}
