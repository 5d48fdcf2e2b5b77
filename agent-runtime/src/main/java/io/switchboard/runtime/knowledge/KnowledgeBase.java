package io.switchboard.runtime.knowledge;

import java.time.Instant;

/** A named collection of documents with its own chunking and embedding settings. */
public record KnowledgeBase(
        String id,
        String name,
        String description,
        KnowledgeBaseSettings settings,
        Instant createdAt,
        Instant updatedAt) {
    public static final int MAX_NAME_LENGTH = 200;

    public KnowledgeBase {
        requireValidName(name);
        settings = settings == null ? KnowledgeBaseSettings.DEFAULT : settings;
    }

    public static void requireValidName(String name) {
        if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "name is required and must be at most " + MAX_NAME_LENGTH + " characters");
        }
    }
}
