package io.switchboard.testkit;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Google Gemini API on loopback: {@code POST /v1beta/models/{model}:generateContent}, {@code
 * :streamGenerateContent?alt=sse} (SSE {@code data:} events, each a partial {@code
 * GenerateContentResponse}) and {@code GET /v1beta/models}. Checks what the real API checks: the {@code
 * x-goog-api-key} header (or {@code key} query parameter; a wrong one is Gemini's 400 {@code
 * API_KEY_INVALID}), roles {@code user}/{@code model}, that a turn
 * of {@code functionResponse} parts answers as many {@code functionCall} parts of the model turn just
 * before it, and the names in {@code safetySettings}. Scripted and recording like {@link
 * FakeOpenAiServer}; scripted tool calls come back as {@code functionCall} parts (whole, also when
 * streaming, as Gemini sends them).
 */
public final class FakeGeminiServer extends FakeModelServer<FakeGeminiServer> {
    public static final String MODEL_ID = "gemini-fake-flash";
    private static final Pattern GENERATE =
            Pattern.compile("/v1beta/models/([A-Za-z0-9._-]+):(generateContent|streamGenerateContent)");
    private static final Set<String> CATEGORIES = Set.of(
            "HARM_CATEGORY_HARASSMENT",
            "HARM_CATEGORY_HATE_SPEECH",
            "HARM_CATEGORY_SEXUALLY_EXPLICIT",
            "HARM_CATEGORY_DANGEROUS_CONTENT",
            "HARM_CATEGORY_CIVIC_INTEGRITY");
    private static final Set<String> THRESHOLDS = Set.of(
            "HARM_BLOCK_THRESHOLD_UNSPECIFIED",
            "BLOCK_LOW_AND_ABOVE",
            "BLOCK_MEDIUM_AND_ABOVE",
            "BLOCK_ONLY_HIGH",
            "BLOCK_NONE",
            "OFF");

    private FakeGeminiServer(int port, boolean recording, int eventLoops) {
        super(port, recording, eventLoops);
    }

    /** A recording server on a free port, one event loop; call {@link #start()}. */
    public static FakeGeminiServer create() {
        return new FakeGeminiServer(0, true, 1);
    }

    /** {@code http://127.0.0.1:PORT/v1beta}, what a Gemini client takes as its base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1beta";
    }

    /** Serves the default (echo) behaviour without recording. Arguments: {@code [port]} (default 8092). */
    public static void main(String[] args) throws InterruptedException {
        FakeGeminiServer server = new FakeGeminiServer(port(args, 8092), false, allCores()).start();
        serveUntilStopped(server, "Gemini", server.baseUrl());
    }

    @Override
    boolean carriesKey(HttpServerRequest request, String key) {
        return key.equals(request.getHeader("x-goog-api-key")) || key.equals(request.getParam("key"));
    }

    /** Gemini answers a bad key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID, not with 401. */
    @Override
    void rejectKey(HttpServerResponse response) {
        JsonObject info = new JsonObject()
                .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                .put("reason", "API_KEY_INVALID")
                .put("domain", "googleapis.com");
        response.setStatusCode(400)
                .putHeader("Content-Type", "application/json; charset=UTF-8")
                .end(new JsonObject()
                        .put(
                                "error",
                                new JsonObject()
                                        .put("code", 400)
                                        .put("message", "API key not valid. Please pass a valid API key.")
                                        .put("status", "INVALID_ARGUMENT")
                                        .put("details", new JsonArray().add(info)))
                        .encode());
    }

    @Override
    void dispatch(HttpServerRequest request, JsonObject body) {
        Matcher generate = GENERATE.matcher(request.path());
        if (request.method() == HttpMethod.POST && generate.matches()) {
            boolean streaming = generate.group(2).equals("streamGenerateContent");
            if (streaming && !"sse".equals(request.getParam("alt"))) {
                // Without alt=sse Gemini streams one JSON array; no client here reads that.
                writeError(request.response(), 400, "this fake streams only with alt=sse");
                return;
            }
            generate(request, body, generate.group(1), streaming);
        } else if (request.method() == HttpMethod.GET && request.path().equals("/v1beta/models")) {
            JsonObject model = new JsonObject()
                    .put("name", "models/" + MODEL_ID)
                    .put("displayName", "Gemini Fake Flash")
                    .put("supportedGenerationMethods", new JsonArray().add("generateContent"));
            request.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject()
                            .put("models", new JsonArray().add(model))
                            .encode());
        } else {
            writeError(request.response(), 404, "Not found: " + request.method() + " " + request.path());
        }
    }

    private void generate(HttpServerRequest request, JsonObject body, String model, boolean streaming) {
        JsonArray contents = body.getValue("contents") instanceof JsonArray array ? array : null;
        String invalid = invalid(body, contents);
        JsonArray asMessages = new JsonArray();
        if (invalid == null) {
            contents.forEach(content -> {
                JsonObject c = (JsonObject) content;
                asMessages.add(
                        new JsonObject().put("role", c.getString("role")).put("content", c.getJsonArray("parts")));
            });
        }
        Plan plan = planFor(request, invalid, asMessages);
        if (plan == null) {
            return;
        }
        int promptTokens = FakeReplies.promptTokens(asMessages);
        String responseId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        if (streaming) {
            answerStream(
                    request,
                    plan,
                    "text/event-stream",
                    response -> stream(request, response, plan, model, promptTokens, responseId));
        } else {
            answerWhole(request, plan, () -> {
                JsonArray parts = new JsonArray();
                if (!plan.text().isEmpty()) {
                    parts.add(new JsonObject().put("text", plan.text()));
                }
                functionCalls(plan, parts);
                return chunk(parts, model, responseId, true)
                        .put("usageMetadata", usage(promptTokens, plan))
                        .encode();
            });
        }
    }

    /** The real API's 400s (INVALID_ARGUMENT) for a malformed request; null when it is well formed. */
    private static String invalid(JsonObject body, JsonArray contents) {
        if (contents == null || contents.isEmpty()) {
            return "* GenerateContentRequest.contents: contents is not specified";
        }
        int calls = 0;
        for (int i = 0; i < contents.size(); i++) {
            JsonObject content = contents.getJsonObject(i);
            String role = content.getString("role");
            if (!"user".equals(role) && !"model".equals(role) && !"function".equals(role)) {
                return "Please use a valid role: user, model.";
            }
            JsonArray parts = content.getValue("parts") instanceof JsonArray array ? array : new JsonArray();
            if (parts.isEmpty()) {
                return "* GenerateContentRequest.contents[" + i + "].parts: contents.parts must not be empty.";
            }
            int responses = 0;
            int madeCalls = 0;
            for (Object part : parts) {
                JsonObject p = (JsonObject) part;
                if (p.containsKey("functionResponse")) {
                    responses++;
                }
                if (p.containsKey("functionCall")) {
                    madeCalls++;
                }
            }
            if (responses > 0 && responses != calls) {
                return "Please ensure that the number of function response parts is equal to the number of"
                        + " function call parts of the function call turn.";
            }
            calls = "model".equals(role) ? madeCalls : 0;
        }
        if (body.getValue("safetySettings") instanceof JsonArray settings) {
            for (int i = 0; i < settings.size(); i++) {
                JsonObject setting = settings.getJsonObject(i);
                if (!CATEGORIES.contains(setting.getString("category"))) {
                    return "Invalid value at 'safety_settings[" + i + "].category' (type.googleapis.com/"
                            + "google.ai.generativelanguage.v1beta.HarmCategory), \"" + setting.getString("category")
                            + "\"";
                }
                if (!THRESHOLDS.contains(setting.getString("threshold"))) {
                    return "Invalid value at 'safety_settings[" + i + "].threshold', \""
                            + setting.getString("threshold") + "\"";
                }
            }
        }
        return null;
    }

    private void stream(
            HttpServerRequest request,
            HttpServerResponse response,
            Plan plan,
            String model,
            int promptTokens,
            String responseId) {
        List<String> chunks = FakeReplies.chunks(plan.text());
        Future<Void> written = Future.succeededFuture();
        int sent = chunksToSend(plan, chunks);
        for (int i = 0; i < sent; i++) {
            boolean last =
                    !plan.drops() && i == chunks.size() - 1 && plan.toolCalls().isEmpty();
            JsonObject chunk =
                    chunk(new JsonArray().add(new JsonObject().put("text", chunks.get(i))), model, responseId, last);
            written = response.write(data(last ? chunk.put("usageMetadata", usage(promptTokens, plan)) : chunk));
        }
        if (plan.drops()) {
            dropAfter(written, request);
            return;
        }
        if (!plan.toolCalls().isEmpty() || chunks.isEmpty()) {
            JsonArray parts = new JsonArray();
            functionCalls(plan, parts);
            if (parts.isEmpty()) {
                parts.add(new JsonObject().put("text", ""));
            }
            response.write(data(chunk(parts, model, responseId, true).put("usageMetadata", usage(promptTokens, plan))));
        }
        response.end();
    }

    private static void functionCalls(Plan plan, JsonArray parts) {
        for (ModelBehaviour.ToolCall call : plan.toolCalls()) {
            parts.add(new JsonObject()
                    .put(
                            "functionCall",
                            new JsonObject()
                                    .put("name", call.name())
                                    .put("args", new JsonObject(call.argumentsJson()))));
        }
    }

    private static JsonObject chunk(JsonArray parts, String model, String responseId, boolean last) {
        JsonObject candidate = new JsonObject()
                .put("content", new JsonObject().put("parts", parts).put("role", "model"))
                .put("index", 0);
        if (last) {
            candidate.put("finishReason", "STOP");
        }
        return new JsonObject()
                .put("candidates", new JsonArray().add(candidate))
                .put("modelVersion", model)
                .put("responseId", responseId);
    }

    private static JsonObject usage(int promptTokens, Plan plan) {
        int output = FakeReplies.chunks(plan.text()).size() + plan.toolCalls().size();
        return new JsonObject()
                .put("promptTokenCount", promptTokens)
                .put("candidatesTokenCount", output)
                .put("totalTokenCount", promptTokens + output);
    }

    /** Gemini ends each SSE event with CRLF pairs. */
    private static String data(JsonObject chunk) {
        return "data: " + chunk.encode() + "\r\n\r\n";
    }

    @Override
    void writeErrorBody(HttpServerResponse response, int status, String message) {
        String state = switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=UTF-8")
                .end(new JsonObject()
                        .put(
                                "error",
                                new JsonObject()
                                        .put("code", status)
                                        .put("message", message)
                                        .put("status", state))
                        .encode());
    }
}
