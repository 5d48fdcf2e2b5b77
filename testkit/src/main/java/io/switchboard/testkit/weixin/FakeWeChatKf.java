package io.switchboard.testkit.weixin;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
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
 * A fake WeChat customer service (微信客服) API on loopback: {@code GET /cgi-bin/gettoken}, {@code POST
 * /cgi-bin/kf/sync_msg} (messages in arrival order; {@code cursor} is where the previous call stopped,
 * {@code next_cursor} where this one did, {@code has_more} while more wait; {@code limit} 1–1000) and
 * {@code GET /cgi-bin/media/get} (the files of pictures and voice messages queued by
 * {@link #customerSendsMedia}; an unknown media_id is errcode 40007, as WeCom answers) and
 * {@code POST /cgi-bin/kf/send_msg} (text to an {@code external_userid} of an {@code open_kfid}, at most
 * 2048 bytes, at most 5 messages after the customer's latest message — the session window), with
 * errors scripted per path. What a customer says is queued with {@link #customerSays}; the callback
 * that tells the enterprise to sync is built by {@link #callbackXml} and signed with the corp's token
 * and key by {@link WeixinCallbacks#signWeCom}.
 */
public final class FakeWeChatKf implements AutoCloseable {
    public static final int MAX_TEXT_BYTES = 2048;
    public static final int WINDOW_MESSAGES = 5;
    /** The fake's code for a refused send (outside the window); WeCom's own codes are not reproduced. */
    public static final int ERR_WINDOW = 95001;

    public static final int ERR_INVALID = 40058;
    public static final int ERR_TOKEN = 40014;

    /** A message the enterprise sent. */
    public record Sent(String openKfId, String externalUserId, String content) {}

    private final Vertx vertx;
    private final HttpServer server;
    private final String corpId;
    private final String secret;
    private final List<JsonObject> messages = new CopyOnWriteArrayList<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> window = new ConcurrentHashMap<>();
    private final Map<String, Queue<Integer>> failures = new ConcurrentHashMap<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final List<JsonObject> syncs = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> media = new ConcurrentHashMap<>();
    private final AtomicInteger mediaDownloads = new AtomicInteger();

    private FakeWeChatKf(Vertx vertx, String corpId, String secret) {
        this.vertx = vertx;
        this.corpId = corpId;
        this.secret = secret;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    /** Starts on 127.0.0.1 and a free port for one corp. */
    public static FakeWeChatKf start(String corpId, String secret) {
        Vertx vertx = Vertx.vertx();
        FakeWeChatKf fake = new FakeWeChatKf(vertx, corpId, secret);
        try {
            fake.server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("fake WeChat customer service API could not listen", e);
        }
        return fake;
    }

    public String apiBaseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Queues a customer's text message; returns its msgid. */
    public String customerSays(String openKfId, String externalUserId, String text) {
        String msgid = "kfmsg" + UUID.randomUUID().toString().replace("-", "");
        messages.add(new JsonObject()
                .put("msgid", msgid)
                .put("open_kfid", openKfId)
                .put("external_userid", externalUserId)
                .put("send_time", System.currentTimeMillis() / 1000)
                .put("origin", 3)
                .put("msgtype", "text")
                .put("text", new JsonObject().put("content", text)));
        window.computeIfAbsent(openKfId + "/" + externalUserId, k -> new AtomicInteger())
                .set(0);
        return msgid;
    }

    /**
     * Queues a customer's picture ({@code image}) or voice message ({@code voice}, AMR) whose file is
     * served by {@code GET /cgi-bin/media/get}; returns its msgid.
     */
    public String customerSendsMedia(String openKfId, String externalUserId, String msgtype, byte[] file) {
        String msgid = "kfmsg" + UUID.randomUUID().toString().replace("-", "");
        String mediaId = "media-" + UUID.randomUUID();
        media.put(mediaId, file.clone());
        messages.add(new JsonObject()
                .put("msgid", msgid)
                .put("open_kfid", openKfId)
                .put("external_userid", externalUserId)
                .put("send_time", System.currentTimeMillis() / 1000)
                .put("origin", 3)
                .put("msgtype", msgtype)
                .put(msgtype, new JsonObject().put("media_id", mediaId)));
        window.computeIfAbsent(openKfId + "/" + externalUserId, k -> new AtomicInteger())
                .set(0);
        return msgid;
    }

    /** How many media/get calls served a file. */
    public int mediaDownloads() {
        return mediaDownloads.get();
    }

    /** Queues a system event (origin 4), which the enterprise must not answer. */
    public void event(String openKfId, String externalUserId) {
        messages.add(new JsonObject()
                .put("msgid", "kfevt" + UUID.randomUUID().toString().replace("-", ""))
                .put("open_kfid", openKfId)
                .put("send_time", System.currentTimeMillis() / 1000)
                .put("origin", 4)
                .put("msgtype", "event")
                .put(
                        "event",
                        new JsonObject()
                                .put("event_type", "enter_session")
                                .put("open_kfid", openKfId)
                                .put("external_userid", externalUserId)));
    }

    /** The decrypted callback XML that tells the enterprise to call sync_msg with {@code token}. */
    public String callbackXml(String openKfId, String token) {
        return "<xml><ToUserName><![CDATA[" + corpId + "]]></ToUserName><CreateTime>"
                + System.currentTimeMillis() / 1000
                + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>"
                + "<Token><![CDATA[" + token + "]]></Token><OpenKfId><![CDATA[" + openKfId + "]]></OpenKfId></xml>";
    }

    /** The next calls to {@code path} (e.g. {@code /cgi-bin/kf/sync_msg}) fail with {@code errcodes}. */
    public void failNext(String path, Integer... errcodes) {
        failures.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(errcodes));
    }

    /** Makes every issued access token invalid, as a token refreshed elsewhere or expired would be. */
    public void invalidateTokens() {
        tokens.clear();
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Bodies of sync_msg calls, in order. */
    public List<JsonObject> syncs() {
        return List.copyOf(syncs);
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            String path = request.path();
            Integer scripted =
                    failures.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
            if (scripted != null) {
                json(request, error(scripted, "scripted failure"));
                return;
            }
            if (path.equals("/cgi-bin/gettoken")) {
                if (!corpId.equals(request.getParam("corpid")) || !secret.equals(request.getParam("corpsecret"))) {
                    json(request, error(40001, "invalid credential"));
                    return;
                }
                String token = "kf-token-" + UUID.randomUUID();
                tokens.add(token);
                json(
                        request,
                        new JsonObject()
                                .put("errcode", 0)
                                .put("errmsg", "ok")
                                .put("access_token", token)
                                .put("expires_in", 7200));
                return;
            }
            if (!tokens.contains(request.getParam("access_token"))) {
                json(request, error(ERR_TOKEN, "invalid access_token"));
                return;
            }
            if (path.equals("/cgi-bin/media/get")) {
                byte[] file = media.get(request.getParam("media_id", ""));
                if (file == null) {
                    json(request, error(40007, "invalid media_id"));
                    return;
                }
                mediaDownloads.incrementAndGet();
                request.response()
                        .putHeader("content-type", file.length > 3 && file[0] == '#' ? "voice/amr" : "image/jpeg")
                        .putHeader(
                                "content-disposition", "attachment; filename=\"" + request.getParam("media_id") + "\"")
                        .end(io.vertx.core.buffer.Buffer.buffer(file));
                return;
            }
            JsonObject body;
            try {
                body = buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject();
            } catch (RuntimeException e) {
                json(request, error(47001, "data format error"));
                return;
            }
            switch (path) {
                case "/cgi-bin/kf/sync_msg" -> json(request, sync(body));
                case "/cgi-bin/kf/send_msg" -> json(request, send(body));
                default -> json(request, error(ERR_INVALID, "unknown path " + path));
            }
        });
    }

    private JsonObject sync(JsonObject body) {
        syncs.add(body.copy());
        int limit = body.getInteger("limit", 1000);
        if (limit < 1 || limit > 1000) {
            return error(ERR_INVALID, "limit must be 1-1000");
        }
        int from;
        try {
            String cursor = body.getString("cursor", "");
            from = cursor.isEmpty() ? 0 : Integer.parseInt(cursor.substring(1));
        } catch (RuntimeException e) {
            return error(ERR_INVALID, "invalid cursor");
        }
        int to = Math.min(messages.size(), from + limit);
        JsonArray list = new JsonArray();
        for (int i = from; i < to; i++) {
            list.add(messages.get(i));
        }
        return new JsonObject()
                .put("errcode", 0)
                .put("errmsg", "ok")
                .put("next_cursor", "c" + to)
                .put("has_more", to < messages.size() ? 1 : 0)
                .put("msg_list", list);
    }

    private JsonObject send(JsonObject body) {
        String touser = body.getString("touser", "");
        String openKfId = body.getString("open_kfid", "");
        JsonObject text = body.getJsonObject("text");
        if (touser.isEmpty() || openKfId.isEmpty() || !"text".equals(body.getString("msgtype")) || text == null) {
            return error(ERR_INVALID, "touser, open_kfid and a text are required");
        }
        String content = text.getString("content", "");
        if (content.isEmpty() || content.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            return error(ERR_INVALID, "text.content must be 1-" + MAX_TEXT_BYTES + " bytes");
        }
        AtomicInteger used = window.get(openKfId + "/" + touser);
        if (used == null || used.incrementAndGet() > WINDOW_MESSAGES) {
            return error(ERR_WINDOW, "outside the session window");
        }
        sent.add(new Sent(openKfId, touser, content));
        return new JsonObject().put("errcode", 0).put("errmsg", "ok").put("msgid", "sent" + sent.size());
    }

    private static JsonObject error(int errcode, String errmsg) {
        return new JsonObject().put("errcode", errcode).put("errmsg", errmsg);
    }

    private static void json(HttpServerRequest request, JsonObject body) {
        request.response().putHeader("content-type", "application/json").end(body.encode());
    }

    @Override
    public void close() {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing a fake: nothing to do
        }
    }
}
