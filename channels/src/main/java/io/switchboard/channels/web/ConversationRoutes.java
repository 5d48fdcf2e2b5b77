package io.switchboard.channels.web;

import io.switchboard.channels.spi.AppDirectory;
import io.switchboard.channels.spi.TurnHandler;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The page user's conversations: {@code GET /chat/:appId/conversations?userId=} (the list),
 * {@code GET|PATCH|DELETE /chat/:appId/conversations/:id} (one: its transcript, a new title, gone),
 * {@code GET /chat/:appId/conversations/:id/stream?userId=} (the answer being written, from its start)
 * and {@code POST /chat/:appId/conversations/:id/stop} (stop writing it). Another user id's
 * conversation is a 403, an unknown one a 404, bad input a 400 naming the field; all JSON.
 */
final class ConversationRoutes {
    private final AppDirectory apps;
    private final TurnHandler turns;
    private final ConversationStore conversations;
    private final LiveAnswers live;
    private final Clock clock = Clock.systemUTC();

    /** How long an answer another node is writing counts as on its way rather than lost. */
    static final Duration ANSWER_PATIENCE = Duration.ofMinutes(5);

    ConversationRoutes(AppDirectory apps, TurnHandler turns, ConversationStore conversations, LiveAnswers live) {
        this.apps = apps;
        this.turns = turns;
        this.conversations = conversations;
        this.live = live;
    }

    /** First on every route: an unknown or unpublished app is a 404, whatever else is wrong. */
    void publishedApp(RoutingContext rc) {
        String appId = AppIds.require(rc.pathParam("appId"));
        apps.profile(appId).onSuccess(profile -> rc.next()).onFailure(rc::fail);
    }

    void list(RoutingContext rc) {
        String appId = AppIds.require(rc.pathParam("appId"));
        String userId = userId(rc.request().getParam("userId"));
        conversations
                .list(appId, userId)
                .onSuccess(list -> json(rc, 200, new JsonObject().put("conversations", new JsonArray(list))))
                .onFailure(rc::fail);
    }

    void get(RoutingContext rc) {
        String appId = AppIds.require(rc.pathParam("appId"));
        String id = conversationId(rc);
        String userId = userId(rc.request().getParam("userId"));
        conversations
                .load(appId, userId, id)
                .onSuccess(conversation -> {
                    Instant began = began(conversation.getValue("answering"));
                    LiveAnswers.Answer answer = live.find(appId, id);
                    conversation.remove("answering");
                    // Being written here (follow it), on another node (it lands in the transcript when
                    // done), or left half-written by a node that stopped long ago (then it is lost).
                    boolean here = answer != null && !answer.answered();
                    boolean recent =
                            began != null && began.plus(ANSWER_PATIENCE).isAfter(clock.instant());
                    conversation.put("streaming", here);
                    conversation.put("pending", !here && began != null && recent);
                    conversation.put("interrupted", !here && began != null && !recent);
                    json(rc, 200, conversation);
                })
                .onFailure(rc::fail);
    }

    void rename(RoutingContext rc) {
        String appId = AppIds.require(rc.pathParam("appId"));
        String id = conversationId(rc);
        JsonObject body = object(rc.body().buffer(), List.of("userId", "title"));
        String userId = userId(string(body, "userId"));
        String title = string(body, "title");
        if (title == null || title.isBlank()) {
            throw new HttpException(400, "title is required and must not be blank");
        }
        title = title.strip();
        if (title.codePoints().anyMatch(Character::isISOControl)) {
            throw new HttpException(400, "title must not contain control characters");
        }
        if (title.codePointCount(0, title.length()) > ConversationStore.MAX_TITLE_CHARS) {
            throw new HttpException(400, "title must be at most " + ConversationStore.MAX_TITLE_CHARS + " characters");
        }
        String newTitle = title;
        conversations
                .load(appId, userId, id)
                .compose(conversation -> {
                    // A new name is no activity: the list keeps its order.
                    conversation.put("title", newTitle);
                    return conversations
                            .save(appId, userId, conversation)
                            .map(v -> ConversationStore.summary(conversation));
                })
                .onSuccess(summary -> json(rc, 200, summary))
                .onFailure(rc::fail);
    }

    void delete(RoutingContext rc) {
        String appId = AppIds.require(rc.pathParam("appId"));
        String id = conversationId(rc);
        String userId = userId(rc.request().getParam("userId"));
        conversations
                .load(appId, userId, id)
                .compose(conversation -> conversations.delete(appId, userId, id))
                // The model forgets it too: a deleted conversation leaves nothing behind but its id.
                .compose(v -> turns.forgetConversation(appId, id))
                .onSuccess(v -> rc.response().setStatusCode(204).end())
                .onFailure(rc::fail);
    }

    /** The answer being written, as the message route streams it: text so far first, then the rest. */
    void stream(RoutingContext rc) {
        String appId = AppIds.require(rc.pathParam("appId"));
        String id = conversationId(rc);
        String userId = userId(rc.request().getParam("userId"));
        conversations
                .load(appId, userId, id)
                .compose(conversation -> {
                    LiveAnswers.Answer answer = live.find(appId, id);
                    if (answer == null || answer.answered() || !answer.userId().equals(userId)) {
                        return Future.failedFuture(
                                new HttpException(404, "no answer is being written in this conversation"));
                    }
                    answer.resume(new EventStream(rc.response()));
                    return Future.succeededFuture();
                })
                .onFailure(rc::fail);
    }

    /**
     * Stops the answer being written: what was shown is kept as the answer (marked stopped) and every
     * stream following it gets a {@code done} with {@code stopped: true}.
     */
    void stop(RoutingContext rc) {
        String appId = AppIds.require(rc.pathParam("appId"));
        String id = conversationId(rc);
        JsonObject body = object(rc.body().buffer(), List.of("userId"));
        String userId = userId(string(body, "userId"));
        conversations
                .load(appId, userId, id)
                .compose(conversation -> {
                    LiveAnswers.Answer answer = live.find(appId, id);
                    if (answer == null || answer.answered()) {
                        return Future.failedFuture(
                                new HttpException(409, "no answer is being written in this conversation"));
                    }
                    answer.stop();
                    String text = answer.text();
                    conversation
                            .getJsonArray("messages")
                            .add(new JsonObject()
                                    .put("role", "assistant")
                                    .put("text", text)
                                    .put("stopped", true));
                    conversation.remove("answering");
                    conversation.put("updatedAt", clock.instant().toString());
                    return conversations.save(appId, userId, conversation).map(v -> {
                        answer.send(
                                "done",
                                new JsonObject()
                                        .put("conversationId", id)
                                        .put("text", text)
                                        .put("stopped", true)
                                        .put("failed", false)
                                        .put("sources", new JsonArray()));
                        answer.end();
                        return new JsonObject().put("text", text).put("stopped", true);
                    });
                })
                .onSuccess(result -> json(rc, 200, result))
                .onFailure(rc::fail);
    }

    /** When the stored answer began, or null when none is being written (older records held true). */
    private static Instant began(Object answering) {
        if (answering instanceof String since) {
            try {
                return Instant.parse(since);
            } catch (DateTimeParseException e) {
                return Instant.EPOCH;
            }
        }
        return Boolean.TRUE.equals(answering) ? Instant.EPOCH : null;
    }

    private static String conversationId(RoutingContext rc) {
        String id = rc.pathParam("conversationId");
        if (id == null || !ChatRequest.ID_PATTERN.matcher(id).matches()) {
            throw new HttpException(404, "no such conversation");
        }
        return id;
    }

    private static String userId(String userId) {
        if (userId == null || userId.isEmpty()) {
            throw new HttpException(400, "userId is required (the page's anonymous user id)");
        }
        if (!ChatRequest.ID_PATTERN.matcher(userId).matches()) {
            throw new HttpException(400, "userId must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -");
        }
        return userId;
    }

    private static JsonObject object(Buffer body, List<String> fields) {
        JsonObject json = null;
        if (body != null && body.length() > 0) {
            try {
                if (Json.decodeValue(body) instanceof JsonObject object) {
                    json = object;
                }
            } catch (DecodeException e) {
                throw new HttpException(400, "body is not valid JSON");
            }
        }
        if (json == null) {
            throw new HttpException(400, "body must be a JSON object with " + String.join(", ", fields));
        }
        for (String name : json.fieldNames()) {
            if (!fields.contains(name)) {
                throw new HttpException(400, "unknown field '" + name + "' (known: " + String.join(", ", fields) + ")");
            }
        }
        return json;
    }

    private static String string(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw new HttpException(400, field + " must be a string");
        }
        return (String) value;
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body.encode());
    }
}
