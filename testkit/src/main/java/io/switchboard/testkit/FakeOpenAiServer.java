package io.switchboard.testkit;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * A fake OpenAI-compatible model on loopback: {@code POST /v1/chat/completions} (plain and SSE stream,
 * with usage), {@code POST /v1/audio/transcriptions} (multipart, answers {@link #transcript(String)})
 * and {@code GET /v1/models}. Scripted with {@link #enqueue(ModelBehaviour...)}; records every request
 * (a multipart form as a JSON object: fields as strings, files as {@code {filename, contentType, size,
 * base64}}).
 *
 * <pre>{@code
 * try (var model = FakeOpenAiServer.create().expectApiKey("sk-test").start()) {
 *     model.enqueue(ModelBehaviour.fail(429, "slow down"));
 *     ... point the client at model.baseUrl() ...
 *     assertThat(model.requests()).hasSize(2);
 * }
 * }</pre>
 *
 * <p>{@link #main(String[])} runs it as the zero-latency model of the gateway benchmark.
 */
public final class FakeOpenAiServer extends FakeModelServer<FakeOpenAiServer> {
    public static final String MODEL_ID = "fake-model";
    private static final String DONE = "data: [DONE]\n\n";
    public static final String DEFAULT_TRANSCRIPT = "fake transcript";
    private volatile String transcript = DEFAULT_TRANSCRIPT;
    private final java.util.Set<String> flagged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static final java.util.regex.Pattern AZURE_CHAT =
            java.util.regex.Pattern.compile("/openai/deployments/([A-Za-z0-9._-]{1,64})/chat/completions");
    /** Null for OpenAI's own API; else the only {@code api-version} this Azure OpenAI resource accepts. */
    private final String azureApiVersion;

    private final String prefix;

    private FakeOpenAiServer(int port, boolean recording, int eventLoops) {
        this(port, recording, eventLoops, null, "/v1");
    }

    private FakeOpenAiServer(int port, boolean recording, int eventLoops, String azureApiVersion, String prefix) {
        super(port, recording, eventLoops);
        this.azureApiVersion = azureApiVersion;
        this.prefix = prefix;
    }

    /**
     * A recording fake Baidu Qianfan v2 endpoint on a free port: OpenAI's chat completions at {@code POST
     * /v2/chat/completions} (and {@code GET /v2/models}) with the Qianfan API key as a bearer token — the
     * same wire format, under {@code /v2}. Call {@link #start()}.
     */
    public static FakeOpenAiServer qianfanV2() {
        return new FakeOpenAiServer(0, true, 1, null, "/v2");
    }

    /**
     * A recording fake Azure OpenAI resource on a free port: the same body format at {@code POST
     * /openai/deployments/{deployment}/chat/completions?api-version=...}, the key in an {@code api-key}
     * header (a bearer header is not a key here). A missing or other {@code api-version} is refused as
     * Azure refuses it (404 / 400); {@link #expectApiKey} checks {@code api-key}. Call {@link #start()}.
     */
    public static FakeOpenAiServer azure(String apiVersion) {
        return new FakeOpenAiServer(0, true, 1, java.util.Objects.requireNonNull(apiVersion, "apiVersion"), "/v1");
    }

    /** {@code http://127.0.0.1:PORT}, an Azure OpenAI resource's endpoint (for {@link #azure}). */
    public String azureEndpoint() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    boolean carriesKey(HttpServerRequest request, String key) {
        return azureApiVersion == null ? super.carriesKey(request, key) : key.equals(request.getHeader("api-key"));
    }

    /** A recording server on a free port, one event loop; call {@link #start()}. */
    public static FakeOpenAiServer create() {
        return new FakeOpenAiServer(0, true, 1);
    }

    /** A recording server on {@code port}; call {@link #start()}. */
    public static FakeOpenAiServer create(int port) {
        return new FakeOpenAiServer(port, true, 1);
    }

    /** What every transcription request gets as its text ({@link #DEFAULT_TRANSCRIPT} unless set). */
    public FakeOpenAiServer transcript(String text) {
        this.transcript = java.util.Objects.requireNonNull(text, "text");
        return this;
    }

    /**
     * Makes {@code POST /v1/moderations} flag (category {@code harassment}) every input that contains
     * {@code word}; everything else passes.
     */
    public FakeOpenAiServer flagModeration(String word) {
        flagged.add(java.util.Objects.requireNonNull(word, "word"));
        return this;
    }

    /** {@code http://127.0.0.1:PORT/v1}, what an OpenAI client takes as its base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + prefix;
    }

    /**
     * Serves the default (echo) behaviour on every event loop without recording, until the process is
     * stopped. Arguments: {@code [port]} (default 8089).
     */
    public static void main(String[] args) throws InterruptedException {
        FakeOpenAiServer server = new FakeOpenAiServer(port(args, 8089), false, allCores()).start();
        serveUntilStopped(server, "OpenAI-compatible model", server.baseUrl());
    }

    @Override
    void dispatch(HttpServerRequest request, JsonObject body) {
        String path = request.path();
        if (azureApiVersion != null) {
            String version = request.getParam("api-version");
            if (request.method() != HttpMethod.POST || !AZURE_CHAT.matcher(path).matches()) {
                writeError(request.response(), 404, "Resource not found");
            } else if (version == null) {
                writeError(
                        request.response(),
                        404,
                        "Missing API version: use the api-version query parameter, e.g. " + azureApiVersion);
            } else if (!version.equals(azureApiVersion)) {
                writeError(request.response(), 400, "Unsupported api-version " + version);
            } else {
                chat(request, body);
            }
        } else if (request.method() == HttpMethod.POST && path.equals(prefix + "/chat/completions")) {
            chat(request, body);
        } else if (request.method() == HttpMethod.POST && path.equals(prefix + "/moderations")) {
            moderate(request, body);
        } else if (request.method() == HttpMethod.POST && path.equals(prefix + "/audio/transcriptions")) {
            transcribe(request, body);
        } else if (request.method() == HttpMethod.GET && path.equals(prefix + "/models")) {
            request.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject()
                            .put("object", "list")
                            .put(
                                    "data",
                                    new JsonArray()
                                            .add(new JsonObject()
                                                    .put("id", MODEL_ID)
                                                    .put("object", "model")
                                                    .put("created", 1700000000L)
                                                    .put("owned_by", "switchboard-testkit")))
                            .encode());
        } else {
            writeError(request.response(), 404, "Unknown request URL: " + request.method() + " " + path);
        }
    }

    private void chat(HttpServerRequest request, JsonObject body) {
        JsonArray messages;
        try {
            messages = body.getJsonArray("messages");
        } catch (ClassCastException e) {
            messages = null;
        }
        boolean wellFormed = messages != null && !messages.isEmpty() && body.getValue("model") instanceof String;
        Plan plan = planFor(
                request,
                wellFormed ? null : "'model' (string) and 'messages' (non-empty array) are required",
                messages);
        if (plan == null) {
            return;
        }
        Completion completion = new Completion(
                "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""),
                System.currentTimeMillis() / 1000,
                body.getString("model"),
                FakeReplies.promptTokens(messages));
        if (Boolean.TRUE.equals(body.getValue("stream"))) {
            JsonObject streamOptions = body.getValue("stream_options") instanceof JsonObject o ? o : new JsonObject();
            boolean includeUsage = Boolean.TRUE.equals(streamOptions.getValue("include_usage"));
            answerStream(
                    request,
                    plan,
                    "text/event-stream; charset=utf-8",
                    response -> stream(request, response, plan, completion, includeUsage));
        } else {
            answerWhole(request, plan, () -> completion.whole(plan.text(), plan.toolCalls()));
        }
    }

    /** OpenAI's moderation shape: one result per input, {@code flagged} and boolean {@code categories}. */
    private void moderate(HttpServerRequest request, JsonObject body) {
        if (!(body.getValue("input") instanceof String input)) {
            writeError(request.response(), 400, "'input' (string) is required");
            return;
        }
        boolean hit = flagged.stream().anyMatch(input::contains);
        JsonObject result = new JsonObject()
                .put("flagged", hit)
                .put("categories", new JsonObject().put("harassment", hit).put("violence", false));
        request.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("id", "modr-" + UUID.randomUUID())
                        .put("model", body.getString("model", "omni-moderation-latest"))
                        .put("results", new JsonArray().add(result))
                        .encode());
    }

    /** Like OpenAI: a {@code file} part and a {@code model} field are required. */
    private void transcribe(HttpServerRequest request, JsonObject form) {
        if (!(form.getValue("file") instanceof JsonObject file)
                || file.getInteger("size", 0) == 0
                || !(form.getValue("model") instanceof String)) {
            writeError(request.response(), 400, "a multipart 'file' (non-empty) and 'model' field are required");
            return;
        }
        request.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("text", transcript).encode());
    }

    private void stream(
            HttpServerRequest request,
            HttpServerResponse response,
            Plan plan,
            Completion completion,
            boolean includeUsage) {
        List<String> chunks = FakeReplies.chunks(plan.text());
        String usage = includeUsage ? ",\"usage\":null" : "";
        Future<Void> written =
                response.write(completion.chunk("{\"role\":\"assistant\",\"content\":\"\"}", null, usage));
        int sent = chunksToSend(plan, chunks);
        for (int i = 0; i < sent; i++) {
            written = response.write(
                    completion.chunk("{\"content\":" + FakeReplies.jsonString(chunks.get(i)) + "}", null, usage));
        }
        for (int i = 0; i < plan.toolCalls().size(); i++) {
            ModelBehaviour.ToolCall call = plan.toolCalls().get(i);
            String args = call.argumentsJson();
            int half = args.length() / 2;
            written = response.write(completion.chunk(
                    "{\"tool_calls\":[{\"index\":" + i + ",\"id\":" + FakeReplies.jsonString(call.id())
                            + ",\"type\":\"function\",\"function\":{\"name\":" + FakeReplies.jsonString(call.name())
                            + ",\"arguments\":\"\"}}]}",
                    null,
                    usage));
            for (String piece : new String[] {args.substring(0, half), args.substring(half)}) {
                written = response.write(completion.chunk(
                        "{\"tool_calls\":[{\"index\":" + i + ",\"function\":{\"arguments\":"
                                + FakeReplies.jsonString(piece) + "}}]}",
                        null,
                        usage));
            }
        }
        if (plan.drops()) {
            // Close only once the chunks are on the wire, so the client really saw them.
            dropAfter(written, request);
            return;
        }
        Buffer tail = completion.chunk("{}", plan.toolCalls().isEmpty() ? "stop" : "tool_calls", usage);
        if (includeUsage) {
            tail.appendString(completion.usageChunk(chunks.size()));
        }
        response.end(tail.appendString(DONE));
    }

    @Override
    void writeErrorBody(HttpServerResponse response, int status, String message) {
        String type = switch (status) {
            case 401 -> "invalid_request_error";
            case 429 -> "requests";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
        String code = switch (status) {
            case 401 -> "invalid_api_key";
            case 404 -> "model_not_found";
            case 429 -> "rate_limit_exceeded";
            default -> null;
        };
        JsonObject error = new JsonObject()
                .put("message", message)
                .put("type", type)
                .put("param", null)
                .put("code", code);
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", error).encode());
    }

    /** The fields every chunk of one completion shares (same id and created, as OpenAI does). */
    private record Completion(String id, long created, String model, int promptTokens) {
        private String head() {
            return "{\"id\":\"" + id + "\",\"created\":" + created + ",\"model\":" + FakeReplies.jsonString(model)
                    + ",\"system_fingerprint\":\"fp_fake\"";
        }

        Buffer chunk(String delta, String finishReason, String usage) {
            String finish = finishReason == null ? "null" : "\"" + finishReason + "\"";
            return Buffer.buffer("data: " + head() + ",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]" + usage
                    + "}\n\n");
        }

        String usageChunk(int completionTokens) {
            return "data: " + head() + ",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":"
                    + usage(completionTokens) + "}\n\n";
        }

        String whole(String text, List<ModelBehaviour.ToolCall> toolCalls) {
            int completionTokens = FakeReplies.chunks(text).size() + toolCalls.size();
            String content = toolCalls.isEmpty() ? FakeReplies.jsonString(text) : "null";
            StringBuilder calls = new StringBuilder();
            for (ModelBehaviour.ToolCall call : toolCalls) {
                calls.append(calls.isEmpty() ? "" : ",")
                        .append("{\"id\":")
                        .append(FakeReplies.jsonString(call.id()))
                        .append(",\"type\":\"function\",\"function\":{\"name\":")
                        .append(FakeReplies.jsonString(call.name()))
                        .append(",\"arguments\":")
                        .append(FakeReplies.jsonString(call.argumentsJson()))
                        .append("}}");
            }
            String toolCallsField = toolCalls.isEmpty() ? "" : ",\"tool_calls\":[" + calls + "]";
            String finish = toolCalls.isEmpty() ? "stop" : "tool_calls";
            return head() + ",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                    + "\"assistant\",\"content\":" + content + toolCallsField + ",\"refusal\":null},"
                    + "\"logprobs\":null,\"finish_reason\":\"" + finish + "\"}],\"usage\":" + usage(completionTokens)
                    + "}";
        }

        private String usage(int completionTokens) {
            return "{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
                    + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}";
        }
    }
}
