package io.switchboard.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A fake WeCom AI bot (智能机器人) long-connection gateway on loopback, speaking the documented frames
 * ({@code {cmd, headers:{req_id}, body}}): {@code aibot_subscribe} with {@code bot_id} and {@code secret}
 * (a newer subscription of the same bot kicks the older connection with a {@code disconnected_event}, as
 * WeCom does), {@code ping}, {@code aibot_respond_msg} with stream bodies bound to a pushed callback's
 * {@code req_id} (content at most 20480 bytes; after {@code finish} only the identical finish frame again,
 * which changes nothing: a stream's content is replaced by its id), and {@code aibot_send_msg}
 * (markdown). Every client frame is acknowledged {@code {headers:{req_id}, errcode, errmsg}}. Messages are
 * pushed as {@code aibot_msg_callback} with {@link #pushText}; images are served encrypted (AES-256-CBC,
 * IV = the key's first 16 bytes, PKCS#7 to 32 bytes) at {@code GET /media/<id>} as WeCom serves them.
 */
public final class FakeWeComAiBot implements AutoCloseable {
    public static final int MAX_STREAM_BYTES = 20480;
    /** The fake's code for a refused frame; WeCom's own codes for these cases are not documented. */
    public static final int ERR_INVALID = 40058;

    private static final long TIMEOUT_SECONDS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A reply stream as the user sees it: its latest content and whether it was finished. */
    public record Stream(String reqId, String msgid, String streamId, List<String> frames, boolean finished) {
        public String content() {
            return frames.isEmpty() ? "" : frames.getLast();
        }
    }

    /** A proactive {@code aibot_send_msg}. */
    public record Push(String chatid, String msgtype, String content) {}

    private record Callback(String botId, String msgid, ServerWebSocket socket) {}

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, ServerWebSocket> current = new ConcurrentHashMap<>();
    private final Map<ServerWebSocket, String> botOf = new ConcurrentHashMap<>();
    private final Map<String, Callback> callbacks = new ConcurrentHashMap<>();
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> media = new ConcurrentHashMap<>();
    private final Map<String, Queue<Integer>> failures = new ConcurrentHashMap<>();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private final boolean recording;

    private FakeWeComAiBot(Vertx vertx, boolean recording) {
        this.vertx = vertx;
        this.recording = recording;
        this.server = vertx.createHttpServer().webSocketHandler(this::connected).requestHandler(request -> {
            String path = request.path();
            byte[] file = path.startsWith("/media/") ? media.get(path.substring("/media/".length())) : null;
            if (file == null) {
                request.response().setStatusCode(404).end();
            } else {
                request.response()
                        .putHeader("content-type", "application/octet-stream")
                        .end(Buffer.buffer(file));
            }
        });
    }

    /** Starts on 127.0.0.1 and a free port, on its own Vert.x instance, recording every frame. */
    public static FakeWeComAiBot start() {
        return start(0, true);
    }

    /** Starts on {@code port}; without recording, stream frames and pushes are counted, not kept. */
    public static FakeWeComAiBot start(int port, boolean recording) {
        Vertx vertx = Vertx.vertx();
        FakeWeComAiBot fake = new FakeWeComAiBot(vertx, recording);
        try {
            fake.server.listen(port, "127.0.0.1").await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("fake WeCom AI bot gateway could not listen", e);
        }
        return fake;
    }

    /** {@code ws://127.0.0.1:PORT}: what {@code wss://openws.work.weixin.qq.com} is in production. */
    public String wsUrl() {
        return "ws://127.0.0.1:" + server.actualPort();
    }

    /** Accepts subscriptions of {@code botId} with {@code secret}. */
    public FakeWeComAiBot addBot(String botId, String secret) {
        secrets.put(botId, secret);
        return this;
    }

    /** True while a connection holds the bot's subscription. */
    public boolean subscribed(String botId) {
        return current.containsKey(botId);
    }

    /** Accepted subscriptions so far (a reconnect or a takeover counts again). */
    public int subscriptions() {
        return subscriptions.get();
    }

    public int pings() {
        return pings.get();
    }

    /** The next client frames with command {@code cmd} are refused with {@code errcodes}, in order. */
    public void failNext(String cmd, Integer... errcodes) {
        failures.computeIfAbsent(cmd, c -> new ConcurrentLinkedQueue<>()).addAll(List.of(errcodes));
    }

    /** Pushes a single-chat text message to the bot's connection; returns the callback's req_id. */
    public String pushText(String botId, String msgid, String userid, String text) {
        return push(botId, callback(msgid, userid, null, "text").put("text", new JsonObject().put("content", text)));
    }

    /** Pushes a group text message (the bot was mentioned in {@code chatid}). */
    public String pushGroupText(String botId, String msgid, String chatid, String userid, String text) {
        return push(botId, callback(msgid, userid, chatid, "text").put("text", new JsonObject().put("content", text)));
    }

    /** Pushes a voice message: in the long connection WeCom sends its transcript, not audio. */
    public String pushVoice(String botId, String msgid, String userid, String transcript) {
        return push(
                botId,
                callback(msgid, userid, null, "voice").put("voice", new JsonObject().put("content", transcript)));
    }

    /** Pushes an image message whose file is served encrypted with a fresh per-message key. */
    public String pushImage(String botId, String msgid, String userid, byte[] image) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String id = UUID.randomUUID().toString();
        media.put(id, encrypt(image, key));
        JsonObject body = callback(msgid, userid, null, "image")
                .put(
                        "image",
                        new JsonObject()
                                .put("url", "http://127.0.0.1:" + server.actualPort() + "/media/" + id)
                                .put("aeskey", Base64.getEncoder().encodeToString(key)));
        return push(botId, body);
    }

    /** Pushes the same callback again (same msgid, new req_id), as a platform redelivery would. */
    public String pushAgain(String botId, JsonObject body) {
        return push(botId, body.copy());
    }

    /** The body of the callback pushed under {@code reqId}, for {@link #pushAgain}. */
    public JsonObject callbackBody(String reqId) {
        return pushedBodies.get(reqId);
    }

    private final Map<String, JsonObject> pushedBodies = new ConcurrentHashMap<>();

    private JsonObject callback(String msgid, String userid, String chatid, String msgtype) {
        JsonObject body = new JsonObject()
                .put("msgid", msgid)
                .put("aibotid", "")
                .put("chattype", chatid == null ? "single" : "group")
                .put("from", new JsonObject().put("userid", userid))
                .put("create_time", System.currentTimeMillis() / 1000)
                .put("msgtype", msgtype);
        if (chatid != null) {
            body.put("chatid", chatid);
        }
        return body;
    }

    private String push(String botId, JsonObject body) {
        ServerWebSocket socket = current.get(botId);
        if (socket == null) {
            throw new IllegalStateException("bot " + botId + " has no subscribed connection");
        }
        body.put("aibotid", botId);
        String reqId = "callback_" + UUID.randomUUID();
        callbacks.put(reqId, new Callback(botId, body.getString("msgid"), socket));
        pushedBodies.put(reqId, body);
        socket.writeTextMessage(new JsonObject()
                .put("cmd", "aibot_msg_callback")
                .put("headers", new JsonObject().put("req_id", reqId))
                .put("body", body)
                .encode());
        return reqId;
    }

    /**
     * The next finish frame of a stream is taken (the stream shows finished) and its ack lost: the
     * connection closes instead of acknowledging it, as when the network fails at that moment.
     */
    public void loseNextFinishAck() {
        loseFinishAck = true;
    }

    /**
     * The {@code nth} next {@code aibot_send_msg} (1 = the next) never arrives: the connection closes as
     * it is written.
     */
    public void dropNextPush(int nth) {
        pushesUntilDrop.set(nth);
    }

    /**
     * The next finish frame of a stream never arrives: the connection closes as the frame is written, so
     * the stream stays as it was.
     */
    public void dropNextFinish() {
        dropFinish = true;
    }

    /**
     * The next finish frame of a stream is taken (the stream shows finished) but its ack is held until
     * {@link #releaseHeldAck()}: WeCom being slow to acknowledge, e.g. while the member stops.
     */
    public void holdNextFinishAck() {
        holdFinishAck = true;
    }

    /** True once a finish frame's ack is being held. */
    public boolean holdingAck() {
        return heldAck != null;
    }

    /** Sends the held ack, if its connection is still open; true when it was sent. */
    public boolean releaseHeldAck() {
        Runnable held = heldAck;
        heldAck = null;
        if (held == null) {
            return false;
        }
        held.run();
        return true;
    }

    /**
     * From now on a callback's {@code req_id} is accepted on any later connection of the same bot, not
     * only on the one it came on. WeCom's documentation does not say which it does; by default the fake
     * refuses it ({@link #ERR_INVALID}), the strict reading.
     */
    public void acceptReqIdsOnLaterConnections() {
        reqIdsOutliveConnections = true;
    }

    /** Finish frames that were sent again, identical, to a finished stream (and changed nothing). */
    public int resentFinishes() {
        return resentFinishes.get();
    }

    /** Closes the bot's connection from the server side, as a network failure would. */
    public void dropConnection(String botId) {
        ServerWebSocket socket = current.remove(botId);
        if (socket != null) {
            socket.close();
        }
    }

    /** Reply streams by callback req_id, in no particular order. */
    public Map<String, Stream> streams() {
        return Map.copyOf(streams);
    }

    /** Streams that were finished, for callbacks of message {@code msgid}. */
    public List<Stream> finishedStreams(String msgid) {
        return streams.values().stream()
                .filter(s -> s.finished() && msgid.equals(s.msgid()))
                .toList();
    }

    public List<Push> pushes() {
        return List.copyOf(pushes);
    }

    /** Every frame clients sent, in arrival order (empty without recording). */
    public List<JsonObject> received() {
        return List.copyOf(received);
    }

    /** Finished streams plus pushes: every answer a user could read. */
    public int finishedAnswers() {
        return (int) streams.values().stream().filter(Stream::finished).count() + pushes.size();
    }

    private final AtomicInteger streamFrames = new AtomicInteger();
    private volatile boolean loseFinishAck;
    private volatile boolean dropFinish;
    private final AtomicInteger pushesUntilDrop = new AtomicInteger();
    private volatile boolean reqIdsOutliveConnections;
    private final AtomicInteger resentFinishes = new AtomicInteger();
    private volatile boolean holdFinishAck;
    private volatile Runnable heldAck;

    /** Stream frames received (counted also without recording). */
    public int streamFrames() {
        return streamFrames.get();
    }

    private void connected(ServerWebSocket socket) {
        socket.textMessageHandler(text -> frame(socket, text));
        socket.closeHandler(v -> {
            String botId = botOf.remove(socket);
            if (botId != null) {
                current.remove(botId, socket);
            }
        });
    }

    private void frame(ServerWebSocket socket, String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (RuntimeException e) {
            socket.close((short) 1003, "frames are JSON");
            return;
        }
        if (recording) {
            received.add(frame);
        }
        String cmd = frame.getString("cmd", "");
        JsonObject headers = frame.getJsonObject("headers", new JsonObject());
        String reqId = headers.getString("req_id", "");
        JsonObject body = frame.getJsonObject("body", new JsonObject());
        Integer scripted =
                failures.getOrDefault(cmd, new ConcurrentLinkedQueue<>()).poll();
        if (scripted != null) {
            ack(socket, reqId, scripted, "scripted failure");
            return;
        }
        if (reqId.isEmpty()) {
            ack(socket, reqId, ERR_INVALID, "headers.req_id is required");
            return;
        }
        switch (cmd) {
            case "aibot_subscribe" -> subscribe(socket, reqId, body);
            case "ping" -> {
                if (botOf.containsKey(socket)) {
                    pings.incrementAndGet();
                    ack(socket, reqId, 0, "ok");
                } else {
                    ack(socket, reqId, ERR_INVALID, "not subscribed");
                }
            }
            case "aibot_respond_msg" -> respond(socket, reqId, body);
            case "aibot_send_msg" -> sendMsg(socket, reqId, body);
            default -> ack(socket, reqId, ERR_INVALID, "unknown cmd " + cmd);
        }
    }

    private void subscribe(ServerWebSocket socket, String reqId, JsonObject body) {
        String botId = body.getString("bot_id", "");
        String secret = secrets.get(botId);
        if (secret == null || !secret.equals(body.getString("secret"))) {
            ack(socket, reqId, ERR_INVALID, "invalid bot_id or secret");
            return;
        }
        ServerWebSocket previous = current.put(botId, socket);
        botOf.put(socket, botId);
        subscriptions.incrementAndGet();
        ack(socket, reqId, 0, "ok");
        if (previous != null && previous != socket) {
            botOf.remove(previous);
            previous.writeTextMessage(new JsonObject()
                    .put("cmd", "aibot_event_callback")
                    .put("headers", new JsonObject().put("req_id", "event_" + UUID.randomUUID()))
                    .put(
                            "body",
                            new JsonObject()
                                    .put("msgid", UUID.randomUUID().toString())
                                    .put("aibotid", botId)
                                    .put("msgtype", "event")
                                    .put("event", new JsonObject().put("eventtype", "disconnected_event")))
                    .encode());
            previous.close();
        }
    }

    private void respond(ServerWebSocket socket, String reqId, JsonObject body) {
        Callback callback = callbacks.get(reqId);
        boolean sameBot =
                callback != null && reqIdsOutliveConnections && callback.botId().equals(botOf.get(socket));
        if (callback == null || (callback.socket() != socket && !sameBot)) {
            ack(socket, reqId, ERR_INVALID, "req_id is not a callback of this connection");
            return;
        }
        JsonObject stream = body.getJsonObject("stream");
        if (!"stream".equals(body.getString("msgtype"))
                || stream == null
                || stream.getString("id", "").isEmpty()) {
            ack(socket, reqId, ERR_INVALID, "expected msgtype stream with stream.id");
            return;
        }
        String content = stream.getString("content", "");
        if (content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_STREAM_BYTES) {
            ack(socket, reqId, ERR_INVALID, "stream.content exceeds " + MAX_STREAM_BYTES + " bytes");
            return;
        }
        Stream before = streams.get(reqId);
        if (before != null
                && before.finished()
                && before.streamId().equals(stream.getString("id"))
                && stream.getBoolean("finish", false)
                && before.content().equals(content)) {
            // The same finish again: the content is replaced by the stream's id with what it already was.
            resentFinishes.incrementAndGet();
            ack(socket, reqId, 0, "ok");
            return;
        }
        if (before != null && (before.finished() || !before.streamId().equals(stream.getString("id")))) {
            ack(socket, reqId, ERR_INVALID, "stream already finished or another stream id");
            return;
        }
        if (stream.getBoolean("finish", false) && dropFinish) {
            dropFinish = false;
            socket.close();
            return;
        }
        streamFrames.incrementAndGet();
        List<String> frames = new ArrayList<>(before == null ? List.of() : before.frames());
        if (recording || stream.getBoolean("finish", false)) {
            frames.add(content);
        }
        streams.put(
                reqId,
                new Stream(
                        reqId,
                        callback.msgid(),
                        stream.getString("id"),
                        List.copyOf(frames),
                        stream.getBoolean("finish", false)));
        if (stream.getBoolean("finish", false) && loseFinishAck) {
            loseFinishAck = false;
            socket.close();
            return;
        }
        if (stream.getBoolean("finish", false) && holdFinishAck) {
            holdFinishAck = false;
            heldAck = () -> vertx.runOnContext(v -> {
                if (!socket.isClosed()) {
                    ack(socket, reqId, 0, "ok");
                }
            });
            return;
        }
        ack(socket, reqId, 0, "ok");
    }

    private void sendMsg(ServerWebSocket socket, String reqId, JsonObject body) {
        if (!botOf.containsKey(socket)) {
            ack(socket, reqId, ERR_INVALID, "not subscribed");
            return;
        }
        String chatid = body.getString("chatid", "");
        String msgtype = body.getString("msgtype", "");
        JsonObject markdown = body.getJsonObject("markdown");
        if (chatid.isEmpty() || !"markdown".equals(msgtype) || markdown == null) {
            ack(socket, reqId, ERR_INVALID, "expected chatid and msgtype markdown");
            return;
        }
        if (pushesUntilDrop.get() > 0 && pushesUntilDrop.decrementAndGet() == 0) {
            socket.close();
            return;
        }
        pushes.add(new Push(chatid, msgtype, markdown.getString("content", "")));
        ack(socket, reqId, 0, "ok");
    }

    private static void ack(ServerWebSocket socket, String reqId, int errcode, String errmsg) {
        socket.writeTextMessage(new JsonObject()
                .put("headers", new JsonObject().put("req_id", reqId))
                .put("errcode", errcode)
                .put("errmsg", errmsg)
                .encode());
    }

    /** AES-256-CBC, IV the key's first 16 bytes, PKCS#7 padding to a multiple of 32 bytes. */
    static byte[] encrypt(byte[] plain, byte[] key) {
        int pad = 32 - plain.length % 32;
        byte[] padded = java.util.Arrays.copyOf(plain, plain.length + pad);
        java.util.Arrays.fill(padded, plain.length, padded.length, (byte) pad);
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(java.util.Arrays.copyOf(key, 16)));
            return cipher.doFinal(padded);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            vertx.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing a fake: nothing to do
        }
    }
}
