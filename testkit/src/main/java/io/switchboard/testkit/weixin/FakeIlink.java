package io.switchboard.testkit.weixin;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A fake personal-WeChat bot API (iLink) on loopback, speaking the JSON the official plugin speaks:
 * {@code POST ilink/bot/getupdates} {@code {get_updates_buf, base_info}} — a long poll held until a
 * message arrives or the hold time passes, answering {@code {ret, msgs, get_updates_buf}} (the buf is
 * opaque: where the previous call stopped); {@code ilink/bot/sendmessage} {@code {msg: {to_user_id,
 * client_id, message_type: 2, message_state: 2, context_token, item_list: [{type: 1, text_item}]}}}
 * (the context token must be one the user's message carried); the CDN's {@code GET
 * /c2c/download?encrypted_query_param=} (AES-128-ECB files of pictures and voice messages sent by
 * {@link #userSendsImage} / {@link #userSendsVoice}); {@code ilink/bot/getconfig} (a typing
 * ticket) and {@code ilink/bot/sendtyping}. Every call needs {@code Authorization: Bearer <bot token>}
 * and {@code AuthorizationType: ilink_bot_token}; after {@link #expireSession()} every call answers
 * {@code errcode -14} (session timeout).
 */
public final class FakeIlink implements AutoCloseable {
    public static final int SESSION_EXPIRED = -14;

    /** A text the bot sent, and when it arrived (epoch ms). */
    public record Sent(String toUserId, String contextToken, String text, long atMillis) {}

    private final Vertx vertx;
    private final HttpServer server;
    private final String botToken;
    private final long holdMillis;
    private final List<JsonObject> messages = new CopyOnWriteArrayList<>();
    private final List<String> contextTokens = new CopyOnWriteArrayList<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<JsonObject> typing = new CopyOnWriteArrayList<>();
    private final List<String> bufs = new CopyOnWriteArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();
    private volatile boolean expired;
    private volatile boolean holdSend;
    private volatile Runnable heldSend;
    private final java.util.Map<String, byte[]> cdn = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger mediaDownloads = new AtomicInteger();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    /** QR code → wait | scaned | confirmed | expired. */
    private final java.util.Map<String, String> logins = new java.util.concurrent.ConcurrentHashMap<>();

    private FakeIlink(Vertx vertx, String botToken, long holdMillis) {
        this.vertx = vertx;
        this.botToken = botToken;
        this.holdMillis = holdMillis;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    /** Starts on 127.0.0.1 for one bot; long polls are held at most {@code holdMillis}. */
    public static FakeIlink start(String botToken, long holdMillis) {
        Vertx vertx = Vertx.vertx();
        FakeIlink fake = new FakeIlink(vertx, botToken, holdMillis);
        try {
            fake.server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("fake iLink API could not listen", e);
        }
        return fake;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The CDN media are downloaded from ({@code /c2c/download?encrypted_query_param=}). */
    public String cdnBaseUrl() {
        return baseUrl() + "/c2c";
    }

    /** A user writes to the bot; returns the message id. */
    public String userSays(String fromUserId, String text) {
        return userSends(
                fromUserId, new JsonObject().put("type", 1).put("text_item", new JsonObject().put("text", text)));
    }

    /**
     * A user sends a picture: the file is AES-128-ECB encrypted with a fresh key and served by the CDN
     * ({@code GET /c2c/download?encrypted_query_param=}); the message names it in {@code
     * image_item.media} with the key as {@code image_item.aeskey} (hex) and {@code media.aes_key}
     * (base64 of the raw key). Returns the message id.
     */
    public String userSendsImage(String fromUserId, byte[] image) {
        byte[] key = randomKey();
        JsonObject media = store(image, key).put("aes_key", Base64.getEncoder().encodeToString(key));
        return userSends(
                fromUserId,
                new JsonObject()
                        .put("type", 2)
                        .put(
                                "image_item",
                                new JsonObject()
                                        .put("media", media)
                                        .put("aeskey", HexFormat.of().formatHex(key))));
    }

    /**
     * A user sends a voice message WeChat did not transcribe: its SILK audio on the CDN, the key in
     * {@code media.aes_key} as base64 of its hex (as voice and files carry it). Returns the message id.
     */
    public String userSendsVoice(String fromUserId, byte[] silk) {
        return userSendsVoice(fromUserId, silk, 6, 0);
    }

    /**
     * A voice message WeChat did not transcribe, encoded as {@code encodeType} says (1 pcm, 5 amr, 6 silk,
     * 7 mp3, 8 ogg-speex); {@code sampleRate} 0 leaves it out.
     */
    public String userSendsVoice(String fromUserId, byte[] audio, int encodeType, int sampleRate) {
        byte[] key = randomKey();
        JsonObject media = store(audio, key)
                .put(
                        "aes_key",
                        Base64.getEncoder()
                                .encodeToString(HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII)));
        JsonObject voice = new JsonObject().put("media", media).put("encode_type", encodeType);
        if (sampleRate > 0) {
            voice.put("sample_rate", sampleRate).put("bits_per_sample", 16);
        }
        return userSends(fromUserId, new JsonObject().put("type", 3).put("voice_item", voice));
    }

    /** A voice message WeChat transcribed: {@code voice_item.text} beside its audio on the CDN. */
    public String userSendsTranscribedVoice(String fromUserId, String transcript) {
        byte[] key = randomKey();
        JsonObject media = store("#!SILK_V3 frames".getBytes(StandardCharsets.US_ASCII), key)
                .put(
                        "aes_key",
                        Base64.getEncoder()
                                .encodeToString(HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII)));
        return userSends(
                fromUserId,
                new JsonObject()
                        .put("type", 3)
                        .put(
                                "voice_item",
                                new JsonObject()
                                        .put("media", media)
                                        .put("encode_type", 6)
                                        .put("text", transcript)));
    }

    /** How many CDN downloads served a file. */
    public int mediaDownloads() {
        return mediaDownloads.get();
    }

    private String userSends(String fromUserId, JsonObject item) {
        String id = Long.toString(7_000_000_000L + seq.incrementAndGet());
        String context = "ctx-" + UUID.randomUUID();
        contextTokens.add(context);
        messages.add(new JsonObject()
                .put("seq", seq.get())
                .put("message_id", id)
                .put("from_user_id", fromUserId)
                .put("to_user_id", "bot@im.bot")
                .put("create_time_ms", System.currentTimeMillis())
                .put("message_type", 1)
                .put("message_state", 2)
                .put("context_token", context)
                .put("item_list", new JsonArray().add(item)));
        return id;
    }

    private JsonObject store(byte[] file, byte[] key) {
        String query = Base64.getUrlEncoder().withoutPadding().encodeToString(randomKey()) + "+/=";
        try {
            Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            cdn.put(query, cipher.doFinal(file));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return new JsonObject().put("encrypt_query_param", query).put("encrypt_type", 1);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The next sendmessage is taken (the user sees it) but its answer is held until {@link #releaseHeldSend()}. */
    public void holdNextSend() {
        holdSend = true;
    }

    /** True once a sendmessage answer is being held. */
    public boolean holdingSend() {
        return heldSend != null;
    }

    /** Answers the held sendmessage (if its connection is still open). */
    public void releaseHeldSend() {
        Runnable held = heldSend;
        heldSend = null;
        if (held != null) {
            vertx.runOnContext(v -> held.run());
        }
    }

    /** The QR code of the last login started, or null. */
    public String lastQrCode() {
        return logins.keySet().stream().findFirst().orElse(null);
    }

    /** The account owner scanned the code ({@code scaned}, as the API spells it). */
    public void scan(String qrcode) {
        logins.put(qrcode, "scaned");
    }

    /** The owner confirmed on the phone: the next status poll carries the bot token. */
    public void confirm(String qrcode) {
        logins.put(qrcode, "confirmed");
    }

    /** From now on every call fails with errcode -14, as after the bot's login session timed out. */
    public void expireSession() {
        expired = true;
    }

    /** The message {@code messageId} as {@code getupdates} delivers it (with its context_token). */
    public JsonObject message(String messageId) {
        return messages.stream()
                .filter(m -> messageId.equals(m.getString("message_id")))
                .findFirst()
                .map(JsonObject::copy)
                .orElseThrow(() -> new IllegalArgumentException("no message " + messageId));
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<JsonObject> typing() {
        return List.copyOf(typing);
    }

    /** The {@code get_updates_buf} of every getupdates call, in order. */
    public List<String> bufs() {
        return List.copyOf(bufs);
    }

    private void handle(HttpServerRequest request) {
        if (request.path().equals("/c2c/download")) {
            byte[] file = cdn.get(request.getParam("encrypted_query_param", ""));
            if (file == null) {
                request.response().setStatusCode(404).end();
                return;
            }
            mediaDownloads.incrementAndGet();
            request.response()
                    .putHeader("content-type", "application/octet-stream")
                    .end(io.vertx.core.buffer.Buffer.buffer(file));
            return;
        }
        if (request.path().equals("/ilink/bot/get_bot_qrcode")) {
            String qrcode = "qr" + UUID.randomUUID().toString().replace("-", "");
            logins.clear();
            logins.put(qrcode, "wait");
            json(
                    request,
                    new JsonObject()
                            .put("qrcode", qrcode)
                            .put("qrcode_img_content", "https://liteapp.weixin.qq.com/q/" + qrcode));
            return;
        }
        if (request.path().equals("/ilink/bot/get_qrcode_status")) {
            String state = logins.getOrDefault(request.getParam("qrcode", ""), "expired");
            JsonObject status = new JsonObject().put("status", state);
            if (state.equals("confirmed")) {
                status.put("bot_token", botToken)
                        .put("ilink_bot_id", "b0t1d@im.bot")
                        .put("baseurl", baseUrl())
                        .put("ilink_user_id", "owner@im.wechat");
            }
            json(request, status);
            return;
        }
        request.body().onSuccess(buffer -> {
            if (!("Bearer " + botToken).equals(request.getHeader("Authorization"))
                    || !"ilink_bot_token".equals(request.getHeader("AuthorizationType"))) {
                request.response().setStatusCode(401).end();
                return;
            }
            if (expired) {
                json(
                        request,
                        new JsonObject()
                                .put("ret", SESSION_EXPIRED)
                                .put("errcode", SESSION_EXPIRED)
                                .put("errmsg", "session timeout"));
                return;
            }
            JsonObject body;
            try {
                body = buffer.toJsonObject();
            } catch (RuntimeException e) {
                request.response().setStatusCode(400).end();
                return;
            }
            switch (request.path()) {
                case "/ilink/bot/getupdates" -> getUpdates(request, body, System.currentTimeMillis() + holdMillis);
                case "/ilink/bot/sendmessage" -> {
                    JsonObject answer = send(body);
                    if (holdSend) {
                        holdSend = false;
                        heldSend = () -> json(request, answer);
                    } else {
                        json(request, answer);
                    }
                }
                case "/ilink/bot/getconfig" ->
                    json(
                            request,
                            new JsonObject()
                                    .put("ret", 0)
                                    .put(
                                            "typing_ticket",
                                            Base64.getEncoder()
                                                    .encodeToString(("ticket-" + body.getString("ilink_user_id"))
                                                            .getBytes(StandardCharsets.UTF_8))));
                case "/ilink/bot/sendtyping" -> {
                    typing.add(body);
                    json(request, new JsonObject().put("ret", 0));
                }
                default -> request.response().setStatusCode(404).end();
            }
        });
    }

    private void getUpdates(HttpServerRequest request, JsonObject body, long until) {
        String buf = body.getString("get_updates_buf", "");
        int from;
        try {
            from = buf.isEmpty()
                    ? 0
                    : Integer.parseInt(new String(Base64.getDecoder().decode(buf), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            json(request, new JsonObject().put("ret", -1).put("errmsg", "bad get_updates_buf"));
            return;
        }
        if (from >= messages.size() && System.currentTimeMillis() < until && !expired) {
            vertx.setTimer(20, t -> getUpdates(request, body, until));
            return;
        }
        bufs.add(buf);
        List<JsonObject> batch = new ArrayList<>(messages.subList(Math.min(from, messages.size()), messages.size()));
        String next = Base64.getEncoder()
                .encodeToString(Integer.toString(from + batch.size()).getBytes(StandardCharsets.UTF_8));
        json(
                request,
                new JsonObject()
                        .put("ret", 0)
                        .put("msgs", new JsonArray(new ArrayList<>(batch)))
                        .put("get_updates_buf", next)
                        .put("longpolling_timeout_ms", 35_000));
    }

    private JsonObject send(JsonObject body) {
        JsonObject msg = body.getJsonObject("msg", new JsonObject());
        String to = msg.getString("to_user_id", "");
        String context = msg.getString("context_token", "");
        JsonArray items = msg.getJsonArray("item_list", new JsonArray());
        if (to.isEmpty()
                || !contextTokens.contains(context)
                || items.isEmpty()
                || msg.getInteger("message_type", 0) != 2) {
            return new JsonObject()
                    .put("ret", -2)
                    .put("errmsg", "to_user_id, a known context_token and items are required");
        }
        String text = items.getJsonObject(0)
                .getJsonObject("text_item", new JsonObject())
                .getString("text", "");
        sent.add(new Sent(to, context, text, System.currentTimeMillis()));
        return new JsonObject().put("ret", 0).put("message_id", Long.toString(9_000_000_000L + sent.size()));
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
