package io.switchboard.testkit;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake Telegram Bot API on loopback: {@code POST /bot<token>/<method>} with JSON, form or query
 * parameters, answering {@code {"ok":true,"result":...}} or Telegram's error shape. Implements getMe,
 * getUpdates (long poll, offset confirmation, 409 while a webhook is set or when a newer poll arrives),
 * setWebhook, deleteWebhook, getWebhookInfo, sendMessage, editMessageText, sendMessageDraft,
 * answerCallbackQuery, sendChatAction and getFile, and serves the files stored with {@link #putFile} at
 * {@code GET /file/bot<token>/<file_path>} as Telegram does (counted as method {@code downloadFile}). Text sent with {@code parse_mode=HTML} is parsed as
 * strictly as Telegram does. Every call is recorded; errors are scripted per method with
 * {@link #failNext(String, BotApiFailure...)}. Updates go to getUpdates ({@link #enqueue}) or to the
 * registered webhook with its secret header ({@link #postToWebhook}).
 */
public final class FakeTelegramBotApi implements AutoCloseable {
    public static final String BOT_USERNAME = "switchboard_test_bot";
    public static final long BOT_ID = 4242;
    private static final long TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private final HttpServer server;
    private final HttpClient webhookClient;
    private final BotApiState state = new BotApiState();
    private final List<BotApiCall> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Queue<BotApiFailure>> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, Runnable> afterAccepting = new ConcurrentHashMap<>();
    private final boolean recording;

    private FakeTelegramBotApi(Vertx vertx, boolean recording) {
        this.vertx = vertx;
        this.recording = recording;
        this.webhookClient = vertx.createHttpClient();
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    /** Starts on 127.0.0.1 and a free port, on its own Vert.x instance, recording every call. */
    public static FakeTelegramBotApi start() {
        return start(0, true);
    }

    /** Starts on 127.0.0.1 and {@code port}; without recording only per-method counts are kept. */
    public static FakeTelegramBotApi start(int port, boolean recording) {
        Vertx vertx = Vertx.vertx();
        FakeTelegramBotApi api = new FakeTelegramBotApi(vertx, recording);
        try {
            api.server.listen(port, "127.0.0.1").await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("fake Bot API could not listen", e);
        }
        return api;
    }

    /** {@code http://127.0.0.1:PORT}: the Bot API base URL without a path. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /**
     * Serves without recording (counts only, at {@code GET /_stats}) until the process is stopped: the
     * Bot API of the Telegram benchmark. Arguments: {@code [port]} (default 8081).
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        FakeTelegramBotApi api = start(port, false);
        Runtime.getRuntime().addShutdownHook(new Thread(api::close));
        System.out.println("fake Telegram Bot API listening on " + api.baseUrl());
        new CountDownLatch(1).await();
    }

    /** How many calls of each method were answered (recorded or not). */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new java.util.TreeMap<>();
        counts.forEach((method, count) -> snapshot.put(method, count.get()));
        return snapshot;
    }

    /** Every call so far, oldest first. */
    public List<BotApiCall> calls() {
        return List.copyOf(calls);
    }

    /** Calls of one method, oldest first. */
    public List<BotApiCall> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Successful sendMessage calls to {@code chatId}, oldest first. */
    public List<BotApiCall> sentMessages(long chatId) {
        return calls("sendMessage").stream()
                .filter(c -> c.succeeded() && Long.valueOf(chatId).equals(c.chatId()))
                .toList();
    }

    /** What the chat shows: the current text (after edits) of each message the bot sent, oldest first. */
    public List<String> messages(long chatId) {
        return state.messages(chatId);
    }

    /** The next calls of {@code method} get these errors, in order; later calls succeed again. */
    public FakeTelegramBotApi failNext(String method, BotApiFailure... errors) {
        failures.computeIfAbsent(method, m -> new ConcurrentLinkedQueue<>()).addAll(List.of(errors));
        return this;
    }

    /**
     * The next successful call of {@code method} is carried out (a message sent is in {@link #messages})
     * and then {@code action} runs, on a worker thread, before the caller gets its response: a caller
     * killed from {@code action} dies after Telegram accepted its call and before it could know.
     */
    public FakeTelegramBotApi afterAccepting(String method, Runnable action) {
        afterAccepting.put(method, action);
        return this;
    }

    /** Forgets recorded calls and scripted errors (not updates or the webhook). */
    public FakeTelegramBotApi resetCalls() {
        calls.clear();
        failures.clear();
        return this;
    }

    /** Gives {@code update} the next {@code update_id} (unless it has one) and queues it for getUpdates. */
    public int enqueue(JsonObject update) {
        return state.enqueue(withId(update));
    }

    /** A copy of {@code update} with the next {@code update_id}, unless it has one. */
    public JsonObject withId(JsonObject update) {
        return update.containsKey("update_id") ? update.copy() : state.assignId(update.copy());
    }

    /** Updates queued and not yet confirmed by a getUpdates offset. */
    public int pendingUpdates() {
        return state.pendingCount();
    }

    /** The URL set by setWebhook, or null. */
    public String webhookUrl() {
        return state.webhook() == null ? null : state.webhook().url();
    }

    /** The {@code secret_token} set by setWebhook, or null. */
    public String webhookSecret() {
        return state.webhook() == null ? null : state.webhook().secret();
    }

    /**
     * POSTs {@code update} (given an id when it has none) to the registered webhook with the registered
     * secret header, as Telegram does, and returns the HTTP status.
     */
    public int postToWebhook(JsonObject update) {
        BotApiState.Webhook webhook = state.webhook();
        if (webhook == null) {
            throw new IllegalStateException("no webhook is set");
        }
        return postToWebhook(webhook.url(), withId(update).encode(), webhook.secret());
    }

    /** POSTs a raw body to {@code url} with {@code secret} (null: no header); returns the status. */
    public int postToWebhook(String url, String body, String secret) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json");
        if (secret != null) {
            options.putHeader("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        try {
            return webhookClient
                    .request(options)
                    // Body read in the send's own chain: a short response asked for later may have ended.
                    .compose(request -> request.send(body)
                            .compose(response -> response.body().map(b -> response.statusCode())))
                    .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("webhook POST failed", e);
        }
    }

    @Override
    public void close() {
        state.closePolls();
        try {
            vertx.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Best effort: a test must not fail because a socket lingered.
        }
    }

    private void handle(HttpServerRequest request) {
        long at = System.nanoTime();
        String type = request.getHeader("Content-Type");
        if (type != null
                && (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded"))) {
            request.setExpectMultipart(true);
        }
        request.body().onSuccess(buffer -> {
            JsonObject params = new JsonObject();
            merge(params, request.params());
            merge(params, request.formAttributes());
            String contentType = request.getHeader("Content-Type");
            if (contentType != null && contentType.startsWith("application/json") && buffer.length() > 0) {
                try {
                    params.mergeIn(buffer.toJsonObject());
                } catch (RuntimeException e) {
                    reply(request, new Call("", "", params, at), BotApiFailure.badRequest("invalid JSON"));
                    return;
                }
            }
            dispatch(request, params, at);
        });
    }

    private void dispatch(HttpServerRequest request, JsonObject params, long at) {
        if (request.path().startsWith("/file/bot")) {
            download(request, at);
            return;
        }
        if (request.path().equals("/_stats")) {
            request.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject(new java.util.HashMap<>(counts())).encode());
            return;
        }
        String[] path = request.path().split("/");
        if (path.length != 3 || !path[1].startsWith("bot")) {
            reply(request, new Call("", request.path(), params, at), new BotApiFailure(404, "Not Found", null));
            return;
        }
        // Telegram matches method names case-insensitively (the library sends "getme", "sendmessage").
        Call call = new Call(path[1].substring(3), BotApiMethods.canonical(path[2]), params, at);
        Queue<BotApiFailure> scripted = failures.get(call.method());
        BotApiFailure failure = scripted == null ? null : scripted.poll();
        if (failure != null) {
            reply(request, call, failure);
            return;
        }
        try {
            BotApiMethods.Answer answer = BotApiMethods.answer(state, call);
            switch (answer) {
                case BotApiMethods.Answer.Result result -> {
                    Runnable action = afterAccepting.remove(call.method());
                    if (action == null) {
                        reply(request, call, result.value());
                    } else {
                        vertx.executeBlocking(() -> {
                                    action.run();
                                    return null;
                                })
                                .onComplete(done -> reply(request, call, result.value()));
                    }
                }
                case BotApiMethods.Answer.Failure error -> reply(request, call, error.failure());
                case BotApiMethods.Answer.LongPoll poll ->
                    state.hold(
                            poll,
                            updates -> reply(request, call, updates),
                            conflict -> reply(request, call, conflict),
                            vertx);
            }
        } catch (IllegalArgumentException e) {
            reply(request, call, new BotApiFailure(400, e.getMessage(), null));
        }
    }

    private void download(HttpServerRequest request, long at) {
        String[] path = request.path().split("/", 4); // "", "file", "bot<token>", "files/<id>"
        String token = path.length == 4 ? path[2].substring(3) : "";
        String filePath = path.length == 4 ? path[3] : "";
        Call call = new Call(token, "downloadFile", new JsonObject().put("file_path", filePath), at);
        byte[] content = filePath.startsWith(BotApiMethods.FILE_PATH_PREFIX)
                ? state.file(filePath.substring(BotApiMethods.FILE_PATH_PREFIX.length()))
                : null;
        if (content == null) {
            reply(request, call, new BotApiFailure(404, "Not Found", null));
            return;
        }
        record(call, 200);
        request.response()
                .putHeader("Content-Type", "application/octet-stream")
                .end(io.vertx.core.buffer.Buffer.buffer(content));
    }

    /** Stores a file that getFile announces (with its real size) and the file URL serves. */
    public FakeTelegramBotApi putFile(String fileId, byte[] content) {
        state.putFile(fileId, content.clone());
        return this;
    }

    private void record(Call call, int status) {
        counts.computeIfAbsent(call.method() + (status == 200 ? "" : ":" + status), m -> new AtomicLong())
                .incrementAndGet();
        if (recording) {
            calls.add(new BotApiCall(call.token(), call.method(), call.params(), call.atNanos(), status));
        }
    }

    private void reply(HttpServerRequest request, Call call, Object result) {
        record(call, 200);
        request.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("ok", true).put("result", result).encode());
    }

    private void reply(HttpServerRequest request, Call call, BotApiFailure failure) {
        record(call, failure.errorCode());
        request.response()
                .setStatusCode(failure.errorCode())
                .putHeader("Content-Type", "application/json")
                .end(failure.body().encode());
    }

    private static void merge(JsonObject params, MultiMap values) {
        values.forEach(e -> params.put(e.getKey(), parse(e.getValue())));
    }

    /** Form values of JSON-typed parameters (allowed_updates, reply_markup) arrive as JSON text. */
    private static Object parse(String value) {
        String trimmed = value.trim();
        try {
            if (trimmed.startsWith("[")) {
                return new JsonArray(trimmed);
            }
            if (trimmed.startsWith("{")) {
                return new JsonObject(trimmed);
            }
        } catch (RuntimeException e) {
            return value;
        }
        return value;
    }

    /** One parsed call. */
    record Call(String token, String method, JsonObject params, long atNanos) {}
}
