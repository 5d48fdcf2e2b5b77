package io.switchboard.channels.web;

import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.TurnReply;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /chat/:appId/messages}: runs one turn and streams it as {@code delta} events, then one
 * {@code done} event (or {@code error} when the turn broke after the stream began).
 */
final class ChatMessageHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ChatMessageHandler.class);

    private final ChannelContext context;
    private final Clock clock;

    ChatMessageHandler(ChannelContext context) {
        this.context = context;
        this.clock = Clock.systemUTC();
    }

    @Override
    public void handle(RoutingContext rc) {
        String appId = AppIds.require(rc.pathParam("appId"));
        ChatRequest request = ChatRequest.parse(rc.body().buffer());
        context.apps()
                .profile(appId)
                .onSuccess(profile -> runTurn(rc, appId, request))
                .onFailure(rc::fail);
    }

    private void runTurn(RoutingContext rc, String appId, ChatRequest request) {
        if (rc.response().closed()) {
            return;
        }
        var message = new InboundMessage(
                WebChatChannel.TYPE,
                appId,
                request.conversationId(),
                request.userId(),
                UUID.randomUUID().toString(),
                request.text(),
                Map.of(),
                false,
                clock.instant(),
                List.of());
        LOG.debug("Web chat turn for app {} conversation {}", appId, request.conversationId());
        var stream = new EventStream(rc.response());
        context.turns()
                .handle(message, chunk -> {
                    if (!chunk.delta().isEmpty()) {
                        stream.send("delta", new JsonObject().put("text", chunk.delta()));
                    }
                })
                .onSuccess(reply -> finish(stream, request, reply))
                .onFailure(failure -> fail(rc, stream, failure));
    }

    private static void finish(EventStream stream, ChatRequest request, TurnReply reply) {
        stream.send(
                "done",
                new JsonObject()
                        .put("conversationId", request.conversationId())
                        .put("text", reply.text() == null ? "" : reply.text())
                        .put(
                                "usage",
                                new JsonObject()
                                        .put("inputTokens", reply.inputTokens())
                                        .put("outputTokens", reply.outputTokens()))
                        .put("failed", reply.failed())
                        .put("turnId", reply.turnId())
                        .put("sources", sources(reply)));
        // After the answer, the follow-up questions (when the app offers them) as an event of their own.
        reply.followUpsOnContext().onComplete(written -> {
            List<String> followUps = written.result();
            if (followUps != null && !followUps.isEmpty()) {
                stream.send("followUps", new JsonObject().put("questions", new JsonArray(followUps)));
            }
            stream.end();
        });
    }

    private static JsonArray sources(TurnReply reply) {
        JsonArray sources = new JsonArray();
        for (TurnReply.Source source : reply.sources()) {
            sources.add(new JsonObject().put("name", source.name()).put("passage", source.passage()));
        }
        return sources;
    }

    private static void fail(RoutingContext rc, EventStream stream, Throwable failure) {
        if (!stream.started()) {
            rc.fail(failure);
            return;
        }
        String message;
        if (failure instanceof HttpException http && http.getPayload() != null) {
            message = http.getPayload();
        } else {
            message = "the answer could not be completed";
            LOG.warn("Web chat turn failed after streaming began", failure);
        }
        stream.send("error", new JsonObject().put("message", message));
        stream.end();
    }
}
