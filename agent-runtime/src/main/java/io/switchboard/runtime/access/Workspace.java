package io.switchboard.runtime.access;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A team's space: every app, model provider, knowledge base, tool provider and workflow belongs to one
 * (an API key and a channel binding belong to their app's). Resources that were never assigned, such as
 * everything that existed before workspaces, belong to {@link #DEFAULT_ID}.
 */
public record Workspace(String id, String name, Instant createdAt) {
    /** The workspace of the installation's bootstrap administrator; it cannot be deleted. */
    public static final String DEFAULT_ID = "default";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public Workspace {
        requireValidId(id);
        if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > 200) {
            throw new IllegalArgumentException("workspace name is required (at most 200 characters)");
        }
    }

    /**
     * @throws IllegalArgumentException when {@code id} is not 1 to 63 lower-case letters, digits and
     *     dashes starting with a letter or digit
     */
    public static String requireValidId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "workspace id must be 1 to 63 lower-case letters, digits and dashes, e.g. support-team");
        }
        return id;
    }
}
