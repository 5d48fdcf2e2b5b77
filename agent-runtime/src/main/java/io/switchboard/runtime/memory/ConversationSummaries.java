package io.switchboard.runtime.memory;

import java.time.Instant;
import java.util.Optional;

/**
 * Long-term memory: one rolling summary per conversation, kept in the database so that it outlives a
 * restart of every member. Blocking: call from a virtual thread.
 */
public interface ConversationSummaries {
    /** A conversation's summary and when it was last written. */
    record Summary(String text, Instant updatedAt) {}

    /** The summary of {@code conversationKey}, empty when none was written or it was cleared. */
    Optional<Summary> find(String conversationKey);

    /** Writes (or replaces) the summary of {@code conversationKey}, which belongs to {@code appId}. */
    void put(String conversationKey, String appId, String text);

    /** Forgets the summary; true when there was one. */
    boolean delete(String conversationKey);
}
