package io.switchboard.runtime.app;

import java.time.Instant;

/**
 * An app with its editable draft.
 *
 * @param id url-safe identifier chosen at creation ({@code [a-z0-9][a-z0-9-]{0,62}}); used in chat URLs
 * @param draft the configuration the debug chat uses
 * @param publishedVersion the version channels serve, or null when never published
 */
public record App(String id, AppConfig draft, Integer publishedVersion, Instant createdAt, Instant updatedAt) {
    public static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";

    public static void requireValidId(String id) {
        if (id == null || !id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException(
                    "app id must be 1-63 characters of lower-case letters, digits and '-', starting with a letter or digit");
        }
    }
}
