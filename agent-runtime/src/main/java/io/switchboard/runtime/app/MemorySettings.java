package io.switchboard.runtime.app;

/**
 * Short-term memory of a conversation.
 *
 * @param lastMessages how many earlier messages (user and assistant) go into the prompt; 0 disables memory
 * @param tokenBudget the earlier messages are trimmed, oldest first, until they fit this estimate
 */
public record MemorySettings(int lastMessages, int tokenBudget) {
    public static final MemorySettings DEFAULT = new MemorySettings(10, 2000);

    public MemorySettings {
        if (lastMessages < 0 || lastMessages > 200) {
            throw new IllegalArgumentException("memory.lastMessages must be between 0 and 200");
        }
        if (tokenBudget < 0 || tokenBudget > 1_000_000) {
            throw new IllegalArgumentException("memory.tokenBudget must be between 0 and 1000000");
        }
    }
}
