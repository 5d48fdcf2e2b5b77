package io.switchboard.admin;

import io.switchboard.runtime.turn.TurnLog;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a channel binding did lately, from the app's newest logged turns: every channel names its
 * conversations {@code <channel>:<bindingId>:...}, so a turn belongs to the binding in its second part.
 *
 * @param lastMessageAt when the newest turn of the binding was logged, or null when none is among them
 * @param lastErrorAt when the newest failed turn was logged, or null
 * @param lastError that turn's error, or null
 * @param recentErrors failed turns among the scanned ones (the app's newest {@link #SCANNED})
 */
record BindingStatus(Instant lastMessageAt, Instant lastErrorAt, String lastError, int recentErrors) {
    static final int SCANNED = 1000;

    /** The status of every binding named in {@code newestFirst}; bindings without a turn are absent. */
    static Map<String, BindingStatus> of(List<TurnLog> newestFirst) {
        Map<String, BindingStatus> result = new HashMap<>();
        for (TurnLog turn : newestFirst) {
            String binding = bindingOf(turn.conversationId());
            if (binding == null) {
                continue;
            }
            BindingStatus seen = result.get(binding);
            boolean failed = turn.error() != null && !turn.error().isBlank();
            if (seen == null) {
                result.put(
                        binding,
                        new BindingStatus(
                                turn.createdAt(),
                                failed ? turn.createdAt() : null,
                                failed ? turn.error() : null,
                                failed ? 1 : 0));
            } else if (failed) {
                result.put(
                        binding,
                        new BindingStatus(
                                seen.lastMessageAt(),
                                seen.lastErrorAt() == null ? turn.createdAt() : seen.lastErrorAt(),
                                seen.lastError() == null ? turn.error() : seen.lastError(),
                                seen.recentErrors() + 1));
            }
        }
        return result;
    }

    /** No turn of the binding among the scanned ones. */
    static final BindingStatus NONE = new BindingStatus(null, null, null, 0);

    private static String bindingOf(String conversationId) {
        if (conversationId == null) {
            return null;
        }
        String[] parts = conversationId.split(":", 3);
        return parts.length == 3 ? parts[1] : null;
    }
}
