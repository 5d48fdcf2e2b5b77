package io.switchboard.runtime.store;

/**
 * Which of 256 slices of an app's conversation log a conversation's turns are indexed in (see
 * {@code V8__turn_log_sequence.sql}): spreads conversations evenly, and is the same in every JVM, since
 * {@link String#hashCode()} is specified.
 */
public final class ConversationBuckets {
    public static final int COUNT = 256;

    private ConversationBuckets() {}

    public static int of(String conversationId) {
        return conversationId == null ? 0 : Math.floorMod(conversationId.hashCode(), COUNT);
    }
}
