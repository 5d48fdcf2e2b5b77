package io.switchboard.runtime.turn;

import java.util.Map;

/**
 * One user message addressed to an app.
 *
 * @param appId the app
 * @param draft true for the debug chat (the app's draft), false for its published version
 * @param channel channel type for logs and metrics, e.g. {@code web}, {@code api}, {@code debug}
 * @param conversationId conversation to continue; its memory is keyed by app and this id
 * @param userId the end user, may be null
 * @param text the message
 * @param variables values of the system prompt's {@code {{variables}}}, overriding the app's defaults
 */
public record AgentRequest(
        String appId,
        boolean draft,
        String channel,
        String conversationId,
        String userId,
        String text,
        Map<String, String> variables) {
    public AgentRequest {
        if (appId == null || channel == null || conversationId == null || text == null) {
            throw new IllegalArgumentException("appId, channel, conversationId and text are required");
        }
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}
