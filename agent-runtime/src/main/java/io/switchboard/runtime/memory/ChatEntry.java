package io.switchboard.runtime.memory;

import java.io.Serializable;

/** One remembered message of a conversation. */
public record ChatEntry(Role role, String text) implements Serializable {
    public enum Role {
        USER,
        ASSISTANT
    }

    public ChatEntry {
        if (role == null || text == null) {
            throw new IllegalArgumentException("role and text are required");
        }
    }
}
