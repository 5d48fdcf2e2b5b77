package io.switchboard.runtime.turn;

import java.util.Collection;
import java.util.List;

/** Conversation logs. Blocking: call from a virtual thread. */
public interface TurnLogStore {
    /** Inserts a batch in one transaction. */
    void append(Collection<TurnLog> turns);

    /** Turns of an app, newest first; {@code conversationId} may be null for all conversations. */
    default List<TurnLog> list(String appId, String conversationId, int offset, int limit) {
        return list(appId, conversationId, null, Feedback.Filter.ALL, offset, limit);
    }

    /** Like {@link #list(String, String, int, int)}, keeping only the turns {@code feedback} selects. */
    default List<TurnLog> list(String appId, String conversationId, Feedback.Filter feedback, int offset, int limit) {
        return list(appId, conversationId, null, feedback, offset, limit);
    }

    /**
     * Turns of an app, newest first, of one conversation and one channel (its log name, e.g. {@code web})
     * when those are not null, keeping only the turns {@code feedback} selects.
     */
    List<TurnLog> list(
            String appId, String conversationId, String channel, Feedback.Filter feedback, int offset, int limit);

    default long count(String appId, String conversationId) {
        return count(appId, conversationId, null, Feedback.Filter.ALL);
    }

    default long count(String appId, String conversationId, Feedback.Filter feedback) {
        return count(appId, conversationId, null, feedback);
    }

    long count(String appId, String conversationId, String channel, Feedback.Filter feedback);
}
