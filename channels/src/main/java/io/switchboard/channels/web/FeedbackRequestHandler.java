package io.switchboard.channels.web;

import io.switchboard.channels.spi.FeedbackMessage;
import io.switchboard.channels.spi.TurnHandler;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Set;

/**
 * {@code POST /chat/{app}/feedback}: the page's thumbs up / down on an answer,
 * {@code {"turnId", "rating": "up"|"down", "comment"?, "userId"?}}; 204 once stored.
 */
final class FeedbackRequestHandler implements Handler<RoutingContext> {
    private static final Set<String> FIELDS = Set.of("turnId", "rating", "comment", "userId");
    private final TurnHandler turns;

    FeedbackRequestHandler(TurnHandler turns) {
        this.turns = turns;
    }

    @Override
    public void handle(RoutingContext rc) {
        String appId = AppIds.require(rc.pathParam("appId"));
        JsonObject body = object(rc.body().buffer());
        for (String name : body.fieldNames()) {
            if (!FIELDS.contains(name)) {
                throw new HttpException(400, "unknown field '" + name + "' (known: turnId, rating, comment, userId)");
            }
        }
        String rating = string(body, "rating");
        if (!"up".equals(rating) && !"down".equals(rating)) {
            throw new HttpException(400, "rating must be \"up\" or \"down\"");
        }
        String turnId = string(body, "turnId");
        String userId = string(body, "userId");
        if (turnId == null || !ChatRequest.ID_PATTERN.matcher(turnId).matches()) {
            throw new HttpException(400, "turnId must be the id of an answer (1-64 of A-Z, a-z, 0-9, _ or -)");
        }
        if (userId != null && !ChatRequest.ID_PATTERN.matcher(userId).matches()) {
            throw new HttpException(400, "userId must be 1-64 of A-Z, a-z, 0-9, _ or -");
        }
        FeedbackMessage feedback;
        try {
            feedback = new FeedbackMessage(
                    WebChatChannel.TYPE, appId, turnId, "up".equals(rating), string(body, "comment"), userId);
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, e.getMessage());
        }
        turns.feedback(feedback)
                .onSuccess(ignored -> rc.response().setStatusCode(204).end())
                .onFailure(rc::fail);
    }

    private static JsonObject object(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new HttpException(400, "body must be a JSON object with turnId and rating");
        }
        try {
            if (Json.decodeValue(body) instanceof JsonObject object) {
                return object;
            }
        } catch (DecodeException e) {
            // answered below
        }
        throw new HttpException(400, "body must be a JSON object with turnId and rating");
    }

    private static String string(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw new HttpException(400, field + " must be a string");
        }
        return (String) value;
    }
}
