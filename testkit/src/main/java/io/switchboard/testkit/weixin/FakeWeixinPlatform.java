package io.switchboard.testkit.weixin;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake WeChat official-account and WeCom platform on 127.0.0.1: the API side ({@code /cgi-bin/token},
 * {@code /cgi-bin/stable_token}, {@code /cgi-bin/gettoken}, {@code /cgi-bin/message/custom/send},
 * {@code /cgi-bin/message/send}, {@code /cgi-bin/media/get}) with scripted error codes and the
 * platform's send limits, plus {@link #callbacks()} to deliver signed callbacks to gateway members.
 * Everything a user would see is recorded in {@link #seen(String)}.
 */
public final class FakeWeixinPlatform implements AutoCloseable {
    /** Customer-service messages allowed after a user message, and after an event. */
    public static final int CUSTOM_AFTER_MESSAGE = 5;

    public static final int CUSTOM_AFTER_EVENT = 3;

    /** WeCom messages per app and member per minute; beyond that they are silently dropped. */
    public static final int APP_PER_MINUTE = 30;

    private final Map<String, Runnable> afterAccepting = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, OfficialAccount> mpAccounts = new ConcurrentHashMap<>();
    private final Map<String, CorpApp> corpApps = new ConcurrentHashMap<>();
    private final FakeTokens tokens = new FakeTokens();
    private final Map<String, Queue<Integer>> scriptedErrors = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> customAllowance = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> appSends = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<String> apiCalls = new CopyOnWriteArrayList<>();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile Duration appRateWindow = Duration.ofMinutes(1);
    private final WeixinCallbacks callbacks;

    private FakeWeixinPlatform(Vertx vertx) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer(
                        new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(this::handle);
        server.listen().await();
        this.callbacks = new WeixinCallbacks(vertx, this);
    }

    /** Starts the fake on a free port (its own Vert.x with two event loops). */
    private final Map<String, Media> media = new ConcurrentHashMap<>();

    public static FakeWeixinPlatform start() {
        return new FakeWeixinPlatform(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2)));
    }

    /** The base URL to configure as the adapters' API base ({@code apiBaseUrl}). */
    public String apiBaseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public FakeWeixinPlatform register(OfficialAccount account) {
        mpAccounts.put(account.appId(), account);
        return this;
    }

    public FakeWeixinPlatform register(CorpApp app) {
        corpApps.put(app.corpId(), app);
        return this;
    }

    /** Callback delivery to gateway members, with the platform's deadline and retries. */
    public WeixinCallbacks callbacks() {
        return callbacks;
    }

    /** The next {@code times} calls to {@code path} (e.g. {@code /cgi-bin/message/custom/send}) fail with {@code errcode}. */
    public FakeWeixinPlatform failNext(String path, int errcode, int times) {
        Queue<Integer> queue = scriptedErrors.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>());
        for (int i = 0; i < times; i++) {
            queue.add(errcode);
        }
        return this;
    }

    /** Every access token issued so far stops working (errcode 40001), as after a leak or a reset. */
    public FakeWeixinPlatform invalidateTokens() {
        tokens.invalidateAll();
        return this;
    }

    /** Scales the WeCom per-member window (a minute) down for tests. */
    public FakeWeixinPlatform appRateWindow(Duration window) {
        this.appRateWindow = window;
        return this;
    }

    /** What {@code user} saw, in order. */
    public List<Seen> seen(String user) {
        return seen.stream().filter(s -> s.user().equals(user)).toList();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Access tokens issued by every token endpoint together. */
    public int tokensIssued() {
        return tokens.issuedTo().size();
    }

    /** The account (AppID or CorpID) of every token issued, in order. */
    public List<String> tokensIssuedTo() {
        return tokens.issuedTo();
    }

    /** API paths called, in order (query strings left out). */
    public List<String> apiCalls() {
        return List.copyOf(apiCalls);
    }

    /** WeCom messages silently dropped for exceeding the per-member rate. */
    public int dropped() {
        return dropped.get();
    }

    public void reset() {
        seen.clear();
        apiCalls.clear();
        scriptedErrors.clear();
        customAllowance.clear();
        appSends.clear();
        dropped.set(0);
    }

    void record(Seen visible) {
        seen.add(visible);
    }

    /** A user message opens a window of 5 customer-service messages; an event, of 3. */
    void interacted(String appId, String user, boolean event) {
        customAllowance.put(appId + "/" + user, new AtomicInteger(event ? CUSTOM_AFTER_EVENT : CUSTOM_AFTER_MESSAGE));
    }

    /**
     * The next successful call of {@code path} is carried out (a message sent is {@link #seen}) and then
     * {@code action} runs, on a worker thread, before the caller gets its response: a caller killed from
     * {@code action} dies after the platform accepted its call and before it could know.
     */
    public FakeWeixinPlatform afterAccepting(String path, Runnable action) {
        afterAccepting.put(path, action);
        return this;
    }

    private void respond(HttpServerRequest request, String path, JsonObject body) {
        Runnable action = body.getInteger("errcode", 0) == 0 ? afterAccepting.remove(path) : null;
        if (action == null) {
            json(request, body);
            return;
        }
        Vertx.currentContext()
                .executeBlocking(() -> {
                    action.run();
                    return null;
                })
                .onComplete(done -> json(request, body));
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        apiCalls.add(path);
        request.body().onSuccess(body -> {
            Integer scripted = nextScripted(path);
            if (scripted != null) {
                json(request, error(scripted, "scripted failure"));
                return;
            }
            switch (path) {
                case "/cgi-bin/token" ->
                    json(request, tokens.token(mpAccounts.get(param(request, "appid")), param(request, "secret")));
                case "/cgi-bin/stable_token" -> json(request, tokens.stableToken(mpAccounts, body));
                case "/cgi-bin/gettoken" ->
                    json(
                            request,
                            tokens.corpToken(corpApps.get(param(request, "corpid")), param(request, "corpsecret")));
                case "/cgi-bin/message/custom/send" ->
                    respond(request, path, customSend(request.getParam("access_token"), body));
                case "/cgi-bin/message/send" -> respond(request, path, appSend(request.getParam("access_token"), body));
                case "/cgi-bin/media/get" -> media(request);
                default -> request.response().setStatusCode(404).end();
            }
        });
    }

    private Integer nextScripted(String path) {
        Queue<Integer> queue = scriptedErrors.get(path);
        return queue == null ? null : queue.poll();
    }

    private JsonObject customSend(String token, Buffer body) {
        String appId = token == null ? null : tokens.owner(token);
        if (appId == null || !mpAccounts.containsKey(appId)) {
            return error(40001, "invalid credential, access_token is invalid or not latest");
        }
        JsonObject message = body.toJsonObject();
        String user = message.getString("touser");
        AtomicInteger allowance = customAllowance.get(appId + "/" + user);
        if (allowance == null) {
            return error(45015, "response out of time limit or subscription is canceled");
        }
        if (allowance.getAndDecrement() <= 0) {
            return error(45047, "out of response count limit");
        }
        String type = message.getString("msgtype");
        seen.add(new Seen(
                user,
                "custom",
                type,
                message.getJsonObject(type, new JsonObject()).getString("content")));
        return error(0, "ok");
    }

    private JsonObject appSend(String token, Buffer body) {
        String corpId = token == null ? null : tokens.owner(token);
        if (corpId == null || !corpApps.containsKey(corpId)) {
            return error(40014, "invalid access_token");
        }
        JsonObject message = body.toJsonObject();
        String user = message.getString("touser");
        String type = message.getString("msgtype");
        List<Long> sends = appSends.computeIfAbsent(corpId + "/" + user, u -> new ArrayList<>());
        long now = System.nanoTime();
        synchronized (sends) {
            sends.removeIf(at -> now - at > appRateWindow.toNanos());
            if (sends.size() >= APP_PER_MINUTE) {
                dropped.incrementAndGet();
                return error(0, "ok"); // the platform drops the excess silently
            }
            sends.add(now);
        }
        seen.add(new Seen(
                user, "app", type, message.getJsonObject(type, new JsonObject()).getString("content")));
        return error(0, "ok")
                .put("invaliduser", "")
                .put("msgid", UUID.randomUUID().toString());
    }

    private void media(HttpServerRequest request) {
        if (request.getParam("access_token") == null || tokens.owner(request.getParam("access_token")) == null) {
            json(request, error(40001, "invalid credential"));
            return;
        }
        String mediaId = request.getParam("media_id");
        Media stored = mediaId == null ? null : media.get(mediaId);
        if (stored == null) {
            // Unknown ids are voice messages, as the platform keeps them.
            stored = new Media("audio/amr", "amr", ("#!AMR\n" + mediaId).getBytes(StandardCharsets.UTF_8));
        }
        request.response()
                .putHeader("Content-Type", stored.contentType())
                .putHeader("Content-Disposition", "attachment; filename=\"" + mediaId + "." + stored.extension() + "\"")
                .end(Buffer.buffer(stored.content()));
    }

    /**
     * Serves {@code content} at {@code /cgi-bin/media/get?media_id=...} (a photo's or voice message's
     * MediaId), named with {@code extension} as the platform does; other ids serve a small AMR file.
     */
    public FakeWeixinPlatform putMedia(String mediaId, String contentType, String extension, byte[] content) {
        media.put(mediaId, new Media(contentType, extension, content.clone()));
        return this;
    }

    private record Media(String contentType, String extension, byte[] content) {}

    private static String param(HttpServerRequest request, String name) {
        return String.valueOf(request.getParam(name));
    }

    static JsonObject error(int code, String message) {
        return new JsonObject().put("errcode", code).put("errmsg", message);
    }

    private static void json(HttpServerRequest request, JsonObject body) {
        request.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }

    @Override
    public void close() {
        try {
            callbacks.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort
        }
    }
}
