package io.switchboard.channels.api;

import io.switchboard.channels.spi.ApiCaller;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.TurnHandler;
import io.switchboard.channels.spi.TurnReply;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /v1/chat/completions} for a verified caller. */
final class CompletionsHandler implements Handler<RoutingContext> {
    static final String CONVERSATION_HEADER = "X-Conversation-Id";
    private static final Logger LOG = LoggerFactory.getLogger(CompletionsHandler.class);

    private final TurnHandler turns;
    private final Clock clock;

    CompletionsHandler(TurnHandler turns, Clock clock) {
        this.turns = turns;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext rc) {
        ApiCaller caller = BearerAuth.caller(rc);
        var request = CompletionRequest.parse(
                rc.body().buffer(),
                rc.request().getHeader(CONVERSATION_HEADER),
                rc.request().getHeader("traceparent"),
                rc.request().getHeader("tracestate"));
        if (!request.model().equals(caller.appId())) {
            throw ApiError.modelNotFound(request.model());
        }
        String conversationId = request.conversationId();
        // A stateless request has no conversation to continue; the log still groups its turn under an id.
        String logged = conversationId != null ? conversationId : "stateless-" + UUID.randomUUID();
        var completion = new Completion(
                "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""),
                clock.instant().getEpochSecond(),
                request.model(),
                conversationId);
        var message = new InboundMessage(
                OpenAiApiChannel.TYPE,
                caller.appId(),
                scoped(caller, logged),
                request.user() != null ? request.user() : caller.keyId(),
                completion.id(), // the turn is logged under the response id, which feedback names
                request.text(),
                Map.of(),
                false,
                clock.instant(),
                List.of(),
                request.api());
        LOG.debug("API turn for app {} key {} stream {}", caller.appId(), caller.keyId(), request.stream());
        if (conversationId != null) {
            rc.response().putHeader(CONVERSATION_HEADER, conversationId);
        }
        if (request.stream()) {
            var stream = new CompletionStream(rc, completion, request.includeUsage());
            turns.handle(message, chunk -> stream.fragment(chunk.delta()))
                    .onSuccess(stream::finish)
                    .onFailure(stream::fail);
        } else {
            turns.handle(message, null)
                    .onSuccess(reply -> answer(rc, completion, reply))
                    .onFailure(failure -> rc.fail(ApiError.from(failure, completion.model())));
        }
    }

    /**
     * Conversation ids are chosen by callers, so they are scoped by key: one key can never continue,
     * or read the memory of, another key's conversation.
     */
    static String scoped(ApiCaller caller, String conversationId) {
        return caller.keyId() + ":" + conversationId;
    }

    private static void answer(RoutingContext rc, Completion completion, TurnReply reply) {
        if (reply.failed()) {
            rc.fail(ApiError.failedTurn(reply));
            return;
        }
        reply.followUpsOnContext().onComplete(written -> {
            if (rc.response().closed()) {
                return;
            }
            JsonObject body = completion.complete(reply);
            List<String> followUps = written.result();
            if (followUps != null && !followUps.isEmpty()) {
                // An extension field: the official clients keep unknown fields as additional properties.
                body.put("follow_ups", new JsonArray(followUps));
            }
            rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(ApiJson.encode(body));
        });
    }
}
