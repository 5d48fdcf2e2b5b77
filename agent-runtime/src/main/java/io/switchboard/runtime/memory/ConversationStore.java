package io.switchboard.runtime.memory;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Where conversation memory outlives the cluster: one row per conversation holding its short-term window in
 * the form {@link HazelcastConversationMemory} keeps it, opaque to the store (the long-term summary has
 * its own home, {@link ConversationSummaries}). Blocking (JDBC) and thread-safe; Hazelcast calls it through {@link ConversationMapStore}.
 */
public interface ConversationStore {
    /** Longest conversation key accepted (the runtime's keys are well below it). */
    int MAX_KEY_LENGTH = 512;

    /** The stored form, or null when the conversation is unknown or was last written more than {@code maxIdle} ago. */
    byte[] load(String conversationKey, Duration maxIdle);

    /** The stored forms of those keys that are known and not idle past {@code maxIdle}. */
    Map<String, byte[]> loadAll(Collection<String> conversationKeys, Duration maxIdle);

    /** Stores or replaces the conversation's stored form, marking it written now. */
    void store(String conversationKey, byte[] value);

    /** Stores several in one transaction. */
    void storeAll(Map<String, byte[]> values);

    /** Forgets conversations; unknown keys are ignored. */
    void deleteAll(Collection<String> conversationKeys);

    /** Forgets every conversation last written more than {@code maxIdle} ago; how many went. */
    int deleteIdle(Duration maxIdle);
}
