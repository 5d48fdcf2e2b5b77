package io.switchboard.runtime.turn;

import java.time.Instant;
import java.util.List;

/**
 * One recorded turn of a conversation.
 *
 * @param appVersion the published version that answered, or 0 for the draft (debug chat)
 * @param status how the turn was answered
 * @param error what went wrong (for the admin), or null
 * @param firstTokenMs time to the first streamed token, or the latency when not streamed
 * @param toolCalls the tool calls the model made, in order; empty when none
 * @param followUps the follow-up questions offered after the answer; empty when none
 * @param model the model that answered as {@code providerId/modelName} (a fallback when the app's
 *     model failed), or null when no model answered (Q&amp;A pair, offline answer, failure)
 */
public record TurnLog(
        String id,
        String appId,
        int appVersion,
        String channel,
        String conversationId,
        String userId,
        String query,
        String answer,
        TurnStatus status,
        String error,
        long latencyMs,
        long firstTokenMs,
        int inputTokens,
        int outputTokens,
        Instant createdAt,
        List<ToolCallLog> toolCalls,
        List<String> followUps,
        String model) {
    public TurnLog {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        followUps = followUps == null ? List.of() : List.copyOf(followUps);
    }
}
