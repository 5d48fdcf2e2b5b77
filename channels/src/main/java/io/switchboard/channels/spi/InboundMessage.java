package io.switchboard.channels.spi;

import java.time.Instant;
import java.util.Map;

/**
 * A user's message as every channel delivers it, whether it came by webhook or polling.
 *
 * @param channel channel type, e.g. {@code web}, {@code api}, {@code wechat}
 * @param appId the app addressed
 * @param conversationId the conversation this message continues (channel-scoped, stable across retries)
 * @param userId the platform's user identifier
 * @param messageId the platform's message identifier (dedupe key), or a generated one
 * @param text what the user said
 * @param variables values for the app's prompt variables, may be empty
 * @param draft true when the debug chat addresses the app's draft rather than its published version
 */
public record InboundMessage(
        String channel,
        String appId,
        String conversationId,
        String userId,
        String messageId,
        String text,
        Map<String, String> variables,
        boolean draft,
        Instant receivedAt) {
    public InboundMessage {
        if (channel == null || appId == null || conversationId == null || text == null) {
            throw new IllegalArgumentException("channel, appId, conversationId and text are required");
        }
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        receivedAt = receivedAt == null ? Instant.now() : receivedAt;
    }
}
