package io.switchboard.runtime.memory;

import java.util.List;

/**
 * Short-term memory of conversations, shared by every gateway member. Blocking but fast (an
 * in-memory data grid): call from a virtual thread.
 */
public interface ConversationMemory {
    /** The last {@code max} entries of a conversation, oldest first; empty for an unknown key. */
    List<ChatEntry> recent(String conversationKey, int max);

    /** Appends entries atomically, keeping at most {@code keep} entries. */
    void append(String conversationKey, List<ChatEntry> entries, int keep);

    void clear(String conversationKey);

    /**
     * Forgets the conversation's last exchange: its trailing answers and the question before them (to
     * answer that question again as if for the first time). Nothing happens when it holds no question.
     */
    default void forgetLastExchange(String conversationKey) {
        throw new UnsupportedOperationException("this memory cannot forget an exchange");
    }
}
