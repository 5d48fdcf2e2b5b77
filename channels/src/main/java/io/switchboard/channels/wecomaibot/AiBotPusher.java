package io.switchboard.channels.wecomaibot;

import io.switchboard.channels.spi.SharedState;
import io.switchboard.channels.weixin.Utf8Split;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Proactive messages ({@code aibot_send_msg}, markdown) into a chat: the answers a recovered message
 * gets and the rest of an answer longer than one stream. Parts go out in order, each on a slot booked
 * on the bot's cluster-wide schedule (a chat lane plus the bot's rate), so every member together keeps
 * the pace.
 */
final class AiBotPusher {
    private final Vertx vertx;
    private final SharedState shared;
    private final WeComAiBotOptions options;
    private final String botId;
    private final Supplier<AiBotConnection> connection;

    AiBotPusher(
            Vertx vertx,
            SharedState shared,
            WeComAiBotOptions options,
            String botId,
            Supplier<AiBotConnection> connection) {
        this.vertx = vertx;
        this.shared = shared;
        this.options = options;
        this.botId = botId;
        this.connection = connection;
    }

    /** Sends {@code text} to {@code chatid} in parts of at most {@code pushChunkBytes}, in order. */
    Future<Void> push(String chatid, String text) {
        return pushParts(chatid, Utf8Split.split(text, options.pushChunkBytes()), 0);
    }

    Future<Void> pushParts(String chatid, List<String> parts, int next) {
        if (next >= parts.size()) {
            return Future.succeededFuture();
        }
        return slot(chatid)
                .compose(v -> {
                    AiBotConnection current = connection.get();
                    if (current == null) {
                        return Future.failedFuture(new AiBotException(AiBotException.NOT_SENT, "not connected"));
                    }
                    JsonObject body = new JsonObject()
                            .put("chatid", chatid)
                            .put("msgtype", "markdown")
                            .put("markdown", new JsonObject().put("content", parts.get(next)));
                    return current.request("aibot_send_msg", "aibot_send_msg_" + UUID.randomUUID(), body);
                })
                .compose(ack -> pushParts(chatid, parts, next + 1));
    }

    /** One push into {@code chatid}, on a slot of the schedule. */
    Future<Void> pushOne(String chatid, String part) {
        return pushParts(chatid, List.of(part), 0);
    }

    /**
     * The finish frame of a stream, on the bot's current connection: {@code reqId} is the callback's and
     * {@code streamId} the stream's, so that a resend after a reconnection updates the same message.
     */
    Future<Void> finishStream(String reqId, String streamId, String content) {
        AiBotConnection current = connection.get();
        if (current == null) {
            return Future.failedFuture(new AiBotException(AiBotException.NOT_SENT, "not connected"));
        }
        JsonObject body = new JsonObject()
                .put("msgtype", "stream")
                .put(
                        "stream",
                        new JsonObject().put("id", streamId).put("finish", true).put("content", content));
        return current.request("aibot_respond_msg", reqId, body).mapEmpty();
    }

    private Future<Void> slot(String chatid) {
        long now = System.currentTimeMillis();
        long botInterval = Math.max(1, 1000L / options.botPushesPerSecond());
        // Lane names may not hold , | or =; chat ids are opaque, so hash them.
        String lane = "chat-" + Integer.toHexString(chatid.hashCode());
        return shared.book(
                        "wecom-aibot-push:" + botId,
                        Map.of(lane, options.chatPushInterval().toMillis()),
                        botInterval,
                        now)
                .compose(slot -> {
                    long wait = slot - System.currentTimeMillis();
                    if (wait <= 0) {
                        return Future.succeededFuture();
                    }
                    return Future.future(p -> vertx.setTimer(wait, t -> p.complete()));
                });
    }
}
