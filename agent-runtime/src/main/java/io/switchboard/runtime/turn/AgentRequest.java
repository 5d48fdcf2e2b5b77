package io.switchboard.runtime.turn;

import java.util.List;
import java.util.Map;

/**
 * One user message addressed to an app.
 *
 * @param appId the app
 * @param draft true for the debug chat (the app's draft), false for its published version
 * @param channel channel type for logs and metrics, e.g. {@code web}, {@code api}, {@code debug}
 * @param conversationId conversation to continue; its memory is keyed by app and this id
 * @param userId the end user, may be null
 * @param text the message (a photo's caption; may be empty when an attachment carries the message)
 * @param variables values of the system prompt's {@code {{variables}}}, overriding the app's defaults
 * @param attachments a photo or voice note sent with the message; empty for a plain text message
 * @param turnId the id the turn is logged under and feedback names (a channel passes the id it showed
 *     the user, e.g. the API's response id), or null for a generated one
 * @param client what a developer-API client sent beyond its question (history, system message,
 *     parameters, tools), or null for every other channel
 */
public record AgentRequest(
        String appId,
        boolean draft,
        String channel,
        String conversationId,
        String userId,
        String text,
        Map<String, String> variables,
        List<Attachment> attachments,
        String turnId,
        ClientRequest client) {
    public AgentRequest {
        if (appId == null || channel == null || conversationId == null || text == null) {
            throw new IllegalArgumentException("appId, channel, conversationId and text are required");
        }
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        if (turnId != null && (turnId.isBlank() || turnId.length() > 64)) {
            throw new IllegalArgumentException("turnId must be 1 to 64 characters");
        }
    }

    public AgentRequest(
            String appId,
            boolean draft,
            String channel,
            String conversationId,
            String userId,
            String text,
            Map<String, String> variables,
            List<Attachment> attachments,
            String turnId) {
        this(appId, draft, channel, conversationId, userId, text, variables, attachments, turnId, null);
    }

    /** The same request with {@code newText} and no attachments: what the rest of the turn sees. */
    AgentRequest asText(String newText) {
        return new AgentRequest(
                appId, draft, channel, conversationId, userId, newText, variables, List.of(), turnId, client);
    }

    /** The same request with {@code newText}, attachments kept (a masked message). */
    AgentRequest withText(String newText) {
        return new AgentRequest(
                appId, draft, channel, conversationId, userId, newText, variables, attachments, turnId, client);
    }
}
