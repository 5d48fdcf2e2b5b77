package io.switchboard.channels.wecomaibot;

import io.switchboard.channels.weixin.Utf8Split;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an answer: the stream's finish frame (on the callback's {@code req_id} and the stream's
 * id) and then the proactive pushes of what did not fit, in order. Before each frame whose fate decides
 * what the user reads, the plan and its next step are journaled in the message's durable record, so
 * that a member taking the message over after the connection dropped resumes the plan instead of
 * answering again:
 *
 * <ul>
 *   <li>an unconfirmed finish frame is sent again with the <em>same</em> {@code req_id} and stream id:
 *       WeCom replaces a stream's content by its id, so the resend updates the one message rather than
 *       adding one. When WeCom refuses it (the {@code req_id} was bound to the dead connection, or the
 *       stream expired), whether the user saw the first send cannot be known: the answer is left as it
 *       is, <em>at most once</em>, and the record says {@link Outcome#UNCONFIRMED};
 *   <li>a push whose ack was lost is sent again (a gap in the middle of an answer is worse than one part
 *       twice): at least once for that one part, never the whole answer again.
 * </ul>
 *
 * Event-loop only.
 */
final class AiBotDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(AiBotDelivery.class);

    enum Outcome {
        /** WeCom acknowledged every frame. */
        DELIVERED,
        /** The finish frame's fate is unknown and was not risked twice; the rest was delivered. */
        UNCONFIRMED
    }

    /**
     * What is left to send: {@code parts[0]} is the stream's finish frame when {@code streamed}, every
     * other part a push; {@code next} is the step that was not acknowledged yet, and {@code uncertain}
     * says whether it may have reached WeCom (it was written to the socket, or may have been).
     */
    record Plan(
            String reqId,
            String streamId,
            String chatid,
            List<String> parts,
            boolean streamed,
            int next,
            boolean uncertain) {
        Plan {
            parts = List.copyOf(parts);
        }

        Plan(String reqId, String streamId, String chatid, List<String> parts, boolean streamed, int next) {
            this(reqId, streamId, chatid, parts, streamed, next, false);
        }

        Plan advance() {
            return new Plan(reqId, streamId, chatid, parts, streamed, next + 1, false);
        }

        Plan sending(boolean maybeSent) {
            return new Plan(reqId, streamId, chatid, parts, streamed, next, maybeSent);
        }

        boolean over() {
            return next >= parts.size();
        }

        boolean streamStep() {
            return streamed && next == 0;
        }

        JsonObject json() {
            return new JsonObject()
                    .put("reqId", reqId)
                    .put("streamId", streamId)
                    .put("chatid", chatid)
                    .put("parts", new JsonArray(new ArrayList<>(parts)))
                    .put("streamed", streamed)
                    .put("next", next)
                    .put("uncertain", uncertain);
        }

        static Plan of(JsonObject json) {
            List<String> parts = new ArrayList<>();
            json.getJsonArray("parts", new JsonArray()).forEach(p -> parts.add(String.valueOf(p)));
            return new Plan(
                    json.getString("reqId", ""),
                    json.getString("streamId", ""),
                    json.getString("chatid", ""),
                    parts,
                    json.getBoolean("streamed", false),
                    json.getInteger("next", 0),
                    json.getBoolean("uncertain", true));
        }
    }

    private final AiBotPusher pusher;
    private final WeComAiBotOptions options;
    private final Function<Plan, Future<Void>> journal;

    /**
     * @param journal stores the plan in the message's durable record; a failure is logged and the step
     *     is sent anyway (answering without a journal risks a duplicate, not answering loses the answer)
     */
    AiBotDelivery(AiBotPusher pusher, WeComAiBotOptions options, Function<Plan, Future<Void>> journal) {
        this.pusher = pusher;
        this.options = options;
        this.journal = journal;
    }

    /**
     * Runs {@code plan} from its next step.
     *
     * @param resumed true when a step may have been sent before (a takeover): an unconfirmed finish frame
     *     that WeCom refuses is then not replaced by pushes
     * @return the outcome; fails with {@link AiBotException} when the connection went away (the record
     *     then holds the plan at the failed step) or WeCom refused a push
     */
    Future<Outcome> run(Plan plan, boolean resumed) {
        return step(plan, resumed, Outcome.DELIVERED);
    }

    private Future<Outcome> step(Plan plan, boolean resumed, Outcome sofar) {
        if (plan.over()) {
            return Future.succeededFuture(sofar);
        }
        // Whether this step may have gone out before (a takeover of a step written to the socket).
        boolean maybeShown = resumed && plan.uncertain();
        return journal.apply(plan.sending(true))
                .recover(e -> {
                    LOG.warn("wecom-aibot: delivery step not journaled ({}); sending anyway", e.toString());
                    return Future.succeededFuture();
                })
                .compose(v -> send(plan))
                .transform(sent -> {
                    if (sent.succeeded()) {
                        return step(plan.advance(), resumed, sofar);
                    }
                    if (sent.cause() instanceof AiBotException failure && failure.notSent()) {
                        // Surely not sent: the record says so, and the next holder sends it as new (unless
                        // a send before this one may have reached WeCom).
                        return journal.apply(plan.sending(maybeShown))
                                .otherwiseEmpty()
                                .compose(v -> Future.failedFuture(failure));
                    }
                    if (!(sent.cause() instanceof AiBotException failure) || failure.connectionLost()) {
                        return Future.failedFuture(sent.cause());
                    }
                    if (!plan.streamStep()) {
                        return Future.failedFuture(failure);
                    }
                    if (maybeShown) {
                        // The first send may have been shown: sending the answer another way could show it twice.
                        LOG.warn(
                                "wecom-aibot: resent finish frame refused ({}); the answer may not have been shown",
                                failure.getMessage());
                        return step(plan.advance(), resumed, Outcome.UNCONFIRMED);
                    }
                    // Refused on its first send (the stream expired or was refused): the user did not see it.
                    return step(pushesInstead(plan), resumed, sofar);
                });
    }

    private Future<Void> send(Plan plan) {
        String part = plan.parts().get(plan.next());
        return plan.streamStep()
                ? pusher.finishStream(plan.reqId(), plan.streamId(), part)
                : pusher.pushOne(plan.chatid(), part);
    }

    /** The same answer as pushes only, cut to the push size. */
    private Plan pushesInstead(Plan plan) {
        List<String> parts = new ArrayList<>(Utf8Split.split(plan.parts().getFirst(), options.pushChunkBytes()));
        parts.addAll(plan.parts().subList(1, plan.parts().size()));
        return new Plan(plan.reqId(), plan.streamId(), plan.chatid(), parts, false, 0);
    }
}
