package io.switchboard.channels.wecomaibot;

import io.switchboard.channels.weixin.Utf8Split;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One answer streamed into the chat it answers: {@code aibot_respond_msg} frames on the callback's
 * {@code req_id}, each carrying the whole text so far (WeCom replaces the shown content), at most one
 * in flight and at least {@code streamInterval} apart, the last one with {@code finish}. A stream holds
 * 20480 bytes: a longer answer finishes its stream with the first part and sends the rest as proactive
 * pushes, in order ({@link AiBotDelivery}, which journals the plan so that a takeover resumes it). When
 * WeCom refuses the finish (expired) before a frame showing the whole of its part was acknowledged, the
 * whole answer is pushed; after one, the finish frame's fate does not matter (the user reads the answer)
 * and nothing is sent again.
 * Event-loop only.
 */
final class AiBotReply {
    static final int MAX_STREAM_BYTES = 20480;

    private final Vertx vertx;
    private final AiBotConnection connection;
    private final AiBotDelivery delivery;
    private final WeComAiBotOptions options;
    private final String reqId;
    private final String chatid;
    private final String streamId = UUID.randomUUID().toString().replace("-", "");
    private final StringBuilder text = new StringBuilder();
    private final Promise<AiBotDelivery.Outcome> done = Promise.promise();
    private boolean inFlight;
    private boolean dirty;
    private long lastSentAt;
    private long timer = -1;
    private String finalText;
    private boolean streamBroken;
    /** The content of the last stream frame WeCom acknowledged: what the user surely sees. */
    private String acked;

    AiBotReply(
            Vertx vertx,
            AiBotConnection connection,
            AiBotDelivery delivery,
            WeComAiBotOptions options,
            String reqId,
            String chatid) {
        this.vertx = vertx;
        this.connection = connection;
        this.delivery = delivery;
        this.options = options;
        this.reqId = reqId;
        this.chatid = chatid;
    }

    /** A streamed fragment, in order. */
    void append(String delta) {
        if (finalText != null || delta == null || delta.isEmpty()) {
            return;
        }
        text.append(delta);
        dirty = true;
        pump();
    }

    /**
     * Ends the answer with {@code whole} (the turn's full text, which may differ from what streamed).
     *
     * @return completes once every part was acknowledged; fails when the user may not have it
     */
    Future<AiBotDelivery.Outcome> finish(String whole) {
        finalText = whole == null || whole.isBlank() ? "…" : whole;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        pump();
        return done.future();
    }

    private void pump() {
        if (inFlight) {
            return;
        }
        if (finalText != null) {
            sendFinal();
            return;
        }
        if (!dirty || streamBroken) {
            return;
        }
        long wait = lastSentAt + options.streamInterval().toMillis() - System.currentTimeMillis();
        if (wait > 0) {
            if (timer < 0) {
                timer = vertx.setTimer(wait, t -> {
                    timer = -1;
                    pump();
                });
            }
            return;
        }
        dirty = false;
        send(preview(text.toString()), false).onComplete(sent -> {
            if (sent.failed()) {
                streamBroken = true; // the final frame, or a push, still delivers the answer
            }
            pump();
        });
    }

    private void sendFinal() {
        inFlight = true; // nothing else goes out on this stream
        List<String> stream = Utf8Split.split(finalText, MAX_STREAM_BYTES);
        List<String> parts = new ArrayList<>();
        parts.add(stream.getFirst());
        parts.addAll(rest(stream));
        // When WeCom acknowledged a frame showing all of the stream's part, the user reads it whatever
        // becomes of the finish frame: the delivery starts after it, and a lost finish is never resent.
        boolean shown = stream.getFirst().equals(acked);
        AiBotDelivery.Plan plan = new AiBotDelivery.Plan(reqId, streamId, chatid, parts, true, shown ? 1 : 0);
        if (shown) {
            send(stream.getFirst(), true)
                    .onComplete(ignored -> delivery.run(plan, false).onComplete(done));
        } else {
            delivery.run(plan, false).onComplete(done);
        }
    }

    /** The parts after the stream's, cut again to the push size. */
    private List<String> rest(List<String> parts) {
        return parts.stream()
                .skip(1)
                .flatMap(part -> Utf8Split.split(part, options.pushChunkBytes()).stream())
                .toList();
    }

    private Future<Void> send(String content, boolean finish) {
        inFlight = true;
        JsonObject body = new JsonObject()
                .put("msgtype", "stream")
                .put(
                        "stream",
                        new JsonObject()
                                .put("id", streamId)
                                .put("finish", finish)
                                .put("content", content));
        return connection
                .request("aibot_respond_msg", reqId, body)
                .andThen(v -> {
                    if (!finish) {
                        inFlight = false;
                        if (v.succeeded()) {
                            acked = content;
                        }
                    }
                    lastSentAt = System.currentTimeMillis();
                })
                .mapEmpty();
    }

    /** What the stream shows while the answer grows: at most one stream's worth. */
    private static String preview(String sofar) {
        if (sofar.getBytes(StandardCharsets.UTF_8).length <= MAX_STREAM_BYTES) {
            return sofar;
        }
        return Utf8Split.split(sofar, MAX_STREAM_BYTES).getFirst();
    }
}
