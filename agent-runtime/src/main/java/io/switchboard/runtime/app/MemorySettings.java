package io.switchboard.runtime.app;

/**
 * Short-term memory of a conversation, and optionally a long-term summary of what fell out of it.
 *
 * @param lastMessages how many earlier messages (user and assistant) go into the prompt; 0 disables memory
 * @param tokenBudget the earlier messages are trimmed, oldest first, until they fit this estimate
 * @param summary the long-term summary's settings, or null for none (the default)
 */
public record MemorySettings(int lastMessages, int tokenBudget, SummarySettings summary) {
    public static final MemorySettings DEFAULT = new MemorySettings(10, 2000, null);

    public MemorySettings {
        if (lastMessages < 0 || lastMessages > 200) {
            throw new IllegalArgumentException("memory.lastMessages must be between 0 and 200");
        }
        if (tokenBudget < 0 || tokenBudget > 1_000_000) {
            throw new IllegalArgumentException("memory.tokenBudget must be between 0 and 1000000");
        }
        if (summary != null && lastMessages == 0) {
            throw new IllegalArgumentException("memory.summary needs memory.lastMessages above 0: it summarises"
                    + " what falls out of the short-term window");
        }
    }
}
