package io.switchboard.channels.web;

import io.switchboard.channels.spi.DurableState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;

/**
 * The web chat's conversations, kept on the server for the page's user id, over the channels' durable
 * state (so they outlive a restart of the whole cluster).
 *
 * <p>Three keys per conversation: the owner ({@code web:owner:{app}:{conversation}}, claimed once, so
 * no other user id can ever continue or read it), the transcript ({@code web:conv:{app}:{user}:{id}})
 * and a small index entry for the list ({@code web:idx:{app}:{user}:{id}}). A transcript keeps its
 * newest messages within {@link #MAX_STORED_CHARS}. A deleted conversation's keys hold a tombstone that
 * expires at once; its owner key stays, so its id cannot be taken over.
 */
final class ConversationStore {
    static final Duration KEPT_FOR = Duration.ofDays(180);
    static final int MAX_MESSAGES = 200;
    static final int MAX_STORED_CHARS = 90_000;
    static final int MAX_LISTED = 100;
    static final int MAX_TITLE_CHARS = 120;
    private static final String DELETED = "deleted";

    private final DurableState state;

    ConversationStore(DurableState state) {
        this.state = state;
    }

    /**
     * Makes {@code userId} the owner of the conversation unless another user id already is.
     *
     * @return fails with 403 when the conversation belongs to another user id
     */
    Future<Void> claim(String appId, String conversationId, String userId) {
        String key = ownerKey(appId, conversationId);
        return state.putIfAbsent(key, userId, KEPT_FOR)
                .compose(claimed -> claimed ? Future.succeededFuture(userId) : state.get(key))
                .compose(owner -> userId.equals(owner) || owner == null
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(notYours()));
    }

    /**
     * The user's conversation.
     *
     * @return fails with 404 when there is none, 403 when the id is another user id's conversation
     */
    Future<JsonObject> load(String appId, String userId, String conversationId) {
        return find(appId, userId, conversationId).compose(found -> {
            if (found != null) {
                return Future.succeededFuture(found);
            }
            return state.get(ownerKey(appId, conversationId))
                    .compose(owner -> Future.failedFuture(
                            owner != null && !owner.equals(userId)
                                    ? notYours()
                                    : new HttpException(404, "no such conversation")));
        });
    }

    /** The user's conversation, or null when there is none (whoever else may own the id). */
    Future<JsonObject> find(String appId, String userId, String conversationId) {
        return state.get(conversationKey(appId, userId, conversationId))
                .map(value -> value == null || DELETED.equals(value) ? null : new JsonObject(value));
    }

    /** Stores the transcript (its oldest messages dropped to fit) and its list entry. */
    Future<Void> save(String appId, String userId, JsonObject conversation) {
        JsonArray messages = conversation.getJsonArray("messages", new JsonArray());
        while (messages.size() > MAX_MESSAGES) {
            messages.remove(0);
        }
        String encoded = conversation.encode();
        while (encoded.length() > MAX_STORED_CHARS && messages.size() > 1) {
            messages.remove(0);
            encoded = conversation.encode();
        }
        if (encoded.length() > MAX_STORED_CHARS) {
            // One message longer than the whole budget (an answer of ~90k characters): keep its start.
            JsonObject only = messages.getJsonObject(0);
            String text = only.getString("text", "");
            only.put("text", text.substring(0, Math.max(0, text.length() - (encoded.length() - MAX_STORED_CHARS))));
            encoded = conversation.encode();
        }
        String id = conversation.getString("id");
        JsonObject entry = summary(conversation);
        return state.put(conversationKey(appId, userId, id), encoded, KEPT_FOR)
                .compose(v -> state.put(indexKey(appId, userId, id), entry.encode(), KEPT_FOR));
    }

    /** The user's conversations, most recently active first. */
    Future<List<JsonObject>> list(String appId, String userId) {
        return state.list(indexPrefix(appId, userId), "{", 1000)
                .map(entries -> entries.stream()
                        .map(entry -> new JsonObject(entry.value()))
                        .sorted(Comparator.comparing(ConversationStore::updatedAt)
                                .reversed())
                        .limit(MAX_LISTED)
                        .toList());
    }

    Future<Void> delete(String appId, String userId, String conversationId) {
        Duration now = Duration.ofMillis(1);
        return state.put(conversationKey(appId, userId, conversationId), DELETED, now)
                .compose(v -> state.put(indexKey(appId, userId, conversationId), DELETED, now));
    }

    private static Instant updatedAt(JsonObject conversation) {
        try {
            return Instant.parse(conversation.getString("updatedAt", ""));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** What the conversation list shows of a conversation. */
    static JsonObject summary(JsonObject conversation) {
        return new JsonObject()
                .put("id", conversation.getString("id"))
                .put("title", conversation.getString("title", ""))
                .put("createdAt", conversation.getString("createdAt"))
                .put("updatedAt", conversation.getString("updatedAt"))
                .put(
                        "messageCount",
                        conversation.getJsonArray("messages", new JsonArray()).size());
    }

    /** A title from the first question: its first line, shortened at a word where it can be. */
    static String titleFrom(String text) {
        String line = text.strip().lines().findFirst().orElse("").strip();
        if (line.length() <= 60) {
            return line;
        }
        int cut = line.lastIndexOf(' ', 60);
        return line.substring(0, cut > 30 ? cut : 60) + "…";
    }

    static HttpException notYours() {
        return new HttpException(403, "this conversation belongs to another user");
    }

    private static String ownerKey(String appId, String conversationId) {
        return "web:owner:" + appId + ":" + conversationId;
    }

    private static String conversationKey(String appId, String userId, String conversationId) {
        return "web:conv:" + appId + ":" + userId + ":" + conversationId;
    }

    private static String indexPrefix(String appId, String userId) {
        return "web:idx:" + appId + ":" + userId + ":";
    }

    private static String indexKey(String appId, String userId, String conversationId) {
        return indexPrefix(appId, userId) + conversationId;
    }
}
