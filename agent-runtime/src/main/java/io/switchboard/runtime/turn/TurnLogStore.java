package io.switchboard.runtime.turn;

import java.util.Collection;
import java.util.List;

/** Conversation logs. Blocking: call from a virtual thread. */
public interface TurnLogStore {
    /** Inserts a batch in one transaction. */
    void append(Collection<TurnLog> turns);

    /**
     * Turns of an app, newest first; {@code conversationId} and {@code channel} (the channel's log name,
     * e.g. {@code web}) may be null for all.
     */
    List<TurnLog> list(String appId, String conversationId, String channel, int offset, int limit);

    long count(String appId, String conversationId, String channel);

    /** Turns of an app, newest first; {@code conversationId} may be null for all conversations. */
    default List<TurnLog> list(String appId, String conversationId, int offset, int limit) {
        return list(appId, conversationId, null, offset, limit);
    }

    default long count(String appId, String conversationId) {
        return count(appId, conversationId, null);
    }
}
