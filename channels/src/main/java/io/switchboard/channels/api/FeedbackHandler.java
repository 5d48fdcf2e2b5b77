package io.switchboard.channels.api;

import io.switchboard.channels.spi.ApiCaller;
import io.switchboard.channels.spi.FeedbackMessage;
import io.switchboard.channels.spi.TurnHandler;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code POST /v1/chat/completions/{id}/feedback}: thumbs up or down on an answer, keyed by the
 * completion's {@code id}. Body {@code {"rating":"up"|"down","comment":"...","user":"..."}}; 204 once stored.
 * A Switchboard extension (OpenAI has no feedback endpoint), in the same error format.
 */
final class FeedbackHandler implements Handler<RoutingContext> {
    private static final Set<String> FIELDS = Set.of("rating", "comment", "user");
    private final TurnHandler turns;

    FeedbackHandler(TurnHandler turns) {
        this.turns = turns;
    }

    @Override
    public void handle(RoutingContext rc) {
        ApiCaller caller = BearerAuth.caller(rc);
        JsonObject body;
        try {
            body = rc.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw ApiError.invalidRequest(null, "the body must be a JSON object");
        }
        if (body == null) {
            throw ApiError.invalidRequest(null, "the body must be a JSON object with a rating");
        }
        for (String name : body.fieldNames()) {
            if (!FIELDS.contains(name)) {
                throw ApiError.invalidRequest(name, "unknown field '" + name + "' (known: rating, comment, user)");
            }
        }
        Object rating = body.getValue("rating");
        if (!"up".equals(rating) && !"down".equals(rating)) {
            throw ApiError.invalidRequest("rating", "rating must be \"up\" or \"down\"");
        }
        String comment = text(body, "comment");
        String user = text(body, "user");
        FeedbackMessage feedback;
        try {
            feedback = new FeedbackMessage(
                    OpenAiApiChannel.TYPE,
                    caller.appId(),
                    rc.pathParam("id"),
                    "up".equals(rating),
                    comment,
                    user != null ? user : caller.keyId());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidRequest(e.getMessage().startsWith("comment") ? "comment" : "id", e.getMessage());
        }
        turns.feedback(feedback)
                .onSuccess(ignored -> rc.response().setStatusCode(204).end())
                .onFailure(failure -> rc.fail(ApiError.from(failure, caller.appId())));
    }

    private static String text(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String string)) {
            throw ApiError.invalidRequest(field, field + " must be a string");
        }
        if (string.codePointCount(0, string.length()) > 1000) {
            throw ApiError.invalidRequest(field, field + " must be at most 1000 characters");
        }
        return string;
    }
}
