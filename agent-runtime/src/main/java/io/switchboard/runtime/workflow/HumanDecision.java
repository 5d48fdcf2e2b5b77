package io.switchboard.runtime.workflow;

import java.util.Map;

/**
 * What a person decided on a paused human-input node.
 *
 * @param action one of the node's action ids (its branch), or {@code timeout} when nobody decided in time
 * @param values the edited field values (only fields the node declares editable are kept)
 * @param comment free text, may be null
 * @param by who decided (an admin user, a staff member on a channel, or {@code system})
 */
public record HumanDecision(String action, Map<String, Object> values, String comment, String by) {
    public static final String TIMEOUT = "timeout";

    public HumanDecision {
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("action is required");
        }
        values = values == null ? Map.of() : values;
        if (comment != null && comment.length() > 4_000) {
            throw new IllegalArgumentException("comment must be at most 4000 characters");
        }
    }
}
