package io.switchboard.testkit.weixin;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
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

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, OfficialAccount> mpAccounts = new ConcurrentHashMap<>();
    private final Map<String, CorpApp> corpApps = new ConcurrentHashMap<>();
    private final Map<String, String> tokenOwners = new ConcurrentHashMap<>();
    private final Map<String, String> stableTokens = new ConcurrentHashMap<>();
    private final Map<String, Queue<Integer>> scriptedErrors = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> customAllowance = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> appSends = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<String> apiCalls = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
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
        tokenOwners.clear();
        stableTokens.clear();
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
        return tokensIssued.get();
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
                    json(request, token(request.getParam("appid"), request.getParam("secret"), false));
                case "/cgi-bin/stable_token" -> stableToken(request, body);
                case "/cgi-bin/gettoken" ->
                    json(request, corpToken(request.getParam("corpid"), request.getParam("corpsecret")));
                case "/cgi-bin/message/custom/send" ->
                    json(request, customSend(request.getParam("access_token"), body));
                case "/cgi-bin/message/send" -> json(request, appSend(request.getParam("access_token"), body));
                case "/cgi-bin/media/get" -> media(request);
                default -> request.response().setStatusCode(404).end();
            }
        });
    }

    private Integer nextScripted(String path) {
        Queue<Integer> queue = scriptedErrors.get(path);
        return queue == null ? null : queue.poll();
    }

    private JsonObject token(String appId, String secret, boolean stable) {
        OfficialAccount account = appId == null ? null : mpAccounts.get(appId);
        if (account == null || !account.secret().equals(secret)) {
            return error(40125, "invalid appsecret");
        }
        return issue(appId);
    }

    private void stableToken(HttpServerRequest request, Buffer body) {
        JsonObject in;
        try {
            in = body.toJsonObject();
        } catch (RuntimeException e) {
            json(request, error(47001, "data format error"));
            return;
        }
        String appId = in.getString("appid");
        OfficialAccount account = appId == null ? null : mpAccounts.get(appId);
        if (account == null || !account.secret().equals(in.getString("secret"))) {
            json(request, error(40125, "invalid appsecret"));
            return;
        }
        String current = stableTokens.get(appId);
        if (current != null && !in.getBoolean("force_refresh", false) && tokenOwners.containsKey(current)) {
            json(request, new JsonObject().put("access_token", current).put("expires_in", 7200));
            return;
        }
        JsonObject issued = issue(appId);
        stableTokens.put(appId, issued.getString("access_token"));
        json(request, issued);
    }

    private JsonObject corpToken(String corpId, String secret) {
        CorpApp app = corpId == null ? null : corpApps.get(corpId);
        if (app == null || !app.secret().equals(secret)) {
            return error(40001, "invalid credential");
        }
        return issue(corpId).put("errcode", 0).put("errmsg", "ok");
    }

    private JsonObject issue(String owner) {
        String token = "AT-" + UUID.randomUUID();
        tokenOwners.put(token, owner);
        tokensIssued.incrementAndGet();
        return new JsonObject().put("access_token", token).put("expires_in", 7200);
    }

    private JsonObject customSend(String token, Buffer body) {
        String appId = token == null ? null : tokenOwners.get(token);
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
        String corpId = token == null ? null : tokenOwners.get(token);
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
        if (request.getParam("access_token") == null || !tokenOwners.containsKey(request.getParam("access_token"))) {
            json(request, error(40001, "invalid credential"));
            return;
        }
        request.response()
                .putHeader("Content-Type", "audio/amr")
                .putHeader("Content-Disposition", "attachment; filename=\"" + request.getParam("media_id") + ".amr\"")
                .end(Buffer.buffer("#!AMR\n" + request.getParam("media_id")));
    }

    private static JsonObject error(int code, String message) {
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
