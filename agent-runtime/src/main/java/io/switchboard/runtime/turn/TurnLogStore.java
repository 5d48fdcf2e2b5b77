package io.switchboard.runtime.turn;

import java.util.Collection;
import java.util.List;

/** Conversation logs. Blocking: call from a virtual thread. */
public interface TurnLogStore {
    /** Inserts a batch in one transaction. */
    void append(Collection<TurnLog> turns);

    /** Turns of an app, newest first; {@code conversationId} may be null for all conversations. */
    List<TurnLog> list(String appId, String conversationId, int offset, int limit);

    long count(String appId, String conversationId);
}
