package io.switchboard.channels.wecomaibot;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long connection of one bot: connects, subscribes with {@code bot_id} and {@code secret}, pings
 * every heartbeat interval (two pings without an ack close it), hands pushed callbacks to the listener
 * and pairs every frame it sends with WeCom's acknowledgement by {@code req_id}. Acks carry only the
 * {@code req_id}, so one {@code req_id} has at most one frame in flight: callers send a stream's frames
 * one after another. Runs on the event loop of the context that opened it.
 */
final class AiBotConnection {
    private static final Logger LOG = LoggerFactory.getLogger(AiBotConnection.class);
    private static final int MAX_MISSED_PONGS = 2;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final WeComAiBotOptions options;
    private final AiBotSettings settings;
    private final String bindingId;
    private final Consumer<JsonObject> callbacks;
    private final Map<String, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
    private final Promise<String> closed = Promise.promise();
    private volatile WebSocket socket;
    /** Set by {@link #closeAfterAcks}: frames in flight keep their acks, no new frame goes out. */
    private volatile boolean closing;

    private long pingTimer = -1;
    private int missedPongs;

    AiBotConnection(
            Vertx vertx,
            WebSocketClient client,
            WeComAiBotOptions options,
            String bindingId,
            AiBotSettings settings,
            Consumer<JsonObject> callbacks) {
        this.vertx = vertx;
        this.client = client;
        this.options = options;
        this.bindingId = bindingId;
        this.settings = settings;
        this.callbacks = callbacks;
    }

    /** Connects and subscribes; fails with {@link AiBotException} when WeCom refuses the credentials. */
    Future<AiBotConnection> open() {
        WebSocketConnectOptions connect = new WebSocketConnectOptions()
                .setAbsoluteURI(options.wsUrl())
                .setTimeout(options.connectTimeout().toMillis());
        return client.connect(connect)
                .compose(ws -> {
                    socket = ws;
                    ws.textMessageHandler(this::received);
                    ws.closeHandler(v -> shutDown("closed by WeCom"));
                    ws.exceptionHandler(
                            e -> LOG.debug("wecom-aibot binding {}: socket error {}", bindingId, e.toString()));
                    JsonObject body =
                            new JsonObject().put("bot_id", settings.botId()).put("secret", settings.secret());
                    return request("aibot_subscribe", "aibot_subscribe_" + UUID.randomUUID(), body);
                })
                .map(ack -> {
                    pingTimer = vertx.setPeriodic(options.heartbeatInterval().toMillis(), t -> ping());
                    return this;
                })
                .onFailure(e -> close());
    }

    /** Completes with the reason once the connection is gone, for whatever reason. */
    Future<String> closed() {
        return closed.future();
    }

    boolean isOpen() {
        return socket != null && !closed.future().isComplete();
    }

    /**
     * Sends {@code {cmd, headers:{req_id}, body}} and completes with WeCom's ack; fails with {@link
     * AiBotException} on a non-zero errcode, no ack within the timeout, or a closed connection.
     */
    Future<JsonObject> request(String cmd, String reqId, JsonObject body) {
        WebSocket ws = socket;
        if (ws == null || closing || closed.future().isComplete()) {
            return Future.failedFuture(new AiBotException(AiBotException.NOT_SENT, "connection closed"));
        }
        Promise<JsonObject> ack = Promise.promise();
        if (pending.putIfAbsent(reqId, ack) != null) {
            return Future.failedFuture(new IllegalStateException("a frame for this req_id is already in flight"));
        }
        JsonObject frame = new JsonObject().put("cmd", cmd).put("headers", new JsonObject().put("req_id", reqId));
        if (body != null) {
            frame.put("body", body);
        }
        long timer = vertx.setTimer(options.ackTimeout().toMillis(), t -> {
            if (pending.remove(reqId, ack)) {
                ack.tryFail(new AiBotException(
                        AiBotException.NO_ACK, cmd + " not acknowledged in " + options.ackTimeout()));
            }
        });
        ws.writeTextMessage(frame.encode()).onFailure(e -> {
            if (pending.remove(reqId, ack)) {
                ack.tryFail(new AiBotException(AiBotException.CLOSED, "write failed: " + e.getMessage()));
            }
        });
        return ack.future().andThen(done -> vertx.cancelTimer(timer)).compose(reply -> {
            int errcode = reply.getInteger("errcode", 0);
            return errcode == 0
                    ? Future.succeededFuture(reply)
                    : Future.failedFuture(
                            new AiBotException(errcode, cmd + " refused: " + reply.getString("errmsg", "")));
        });
    }

    /**
     * Closes once every frame in flight now was acknowledged (or its ack timed out), sending no new
     * frame meanwhile: a stopping member keeps the acks of frames WeCom already took — a finish frame's
     * above all, whose lost ack would make the next holder answer again — and refuses the rest, which
     * then surely never went out.
     */
    Future<Void> closeAfterAcks() {
        closing = true;
        List<Future<JsonObject>> inFlight = pending.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("ping_"))
                .map(e -> e.getValue().future())
                .toList();
        return Future.join(inFlight).transform(v -> {
            close();
            return Future.<Void>succeededFuture();
        });
    }

    /** Closes the socket (if open) and fails what waits for an ack. Idempotent. */
    void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.close();
        }
        shutDown("closed by this member");
    }

    private void shutDown(String reason) {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
        }
        if (closed.tryComplete(reason)) {
            pending.forEach((reqId, ack) -> ack.tryFail(new AiBotException(AiBotException.CLOSED, reason)));
            pending.clear();
        }
    }

    private void ping() {
        if (missedPongs >= MAX_MISSED_PONGS) {
            LOG.warn("wecom-aibot binding {}: {} pings unanswered; reconnecting", bindingId, missedPongs);
            close();
            return;
        }
        missedPongs++;
        request("ping", "ping_" + UUID.randomUUID(), null).onSuccess(ack -> missedPongs = 0);
    }

    private void received(String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (DecodeException e) {
            LOG.warn("wecom-aibot binding {}: a frame that is not JSON was ignored", bindingId);
            return;
        }
        String cmd = frame.getString("cmd");
        if ("aibot_msg_callback".equals(cmd) || "aibot_event_callback".equals(cmd)) {
            JsonObject body = frame.getJsonObject("body");
            JsonObject event = body == null ? null : body.getJsonObject("event");
            if (event != null && "disconnected_event".equals(event.getString("eventtype"))) {
                // A newer connection of the same bot took over (another member, or another program).
                LOG.info("wecom-aibot binding {}: WeCom moved the bot to a newer connection", bindingId);
                close();
                return;
            }
            try {
                callbacks.accept(frame);
            } catch (RuntimeException e) {
                LOG.warn("wecom-aibot binding {}: callback not handled: {}", bindingId, e.toString());
            }
            return;
        }
        JsonObject headers = frame.getJsonObject("headers");
        String reqId = headers == null ? null : headers.getString("req_id");
        Promise<JsonObject> ack = reqId == null ? null : pending.remove(reqId);
        if (ack != null) {
            ack.tryComplete(frame);
        } else {
            LOG.debug("wecom-aibot binding {}: unexpected frame ignored", bindingId);
        }
    }
}
