package io.switchboard.runtime.turn;

import io.switchboard.runtime.knowledge.Citation;
import java.util.List;

/**
 * The outcome of a turn.
 *
 * @param text the answer; for a failed turn, the message to show the user
 * @param appVersion the published version that answered, 0 for the draft
 * @param status how the turn was answered
 * @param failed true when the model failed ({@code text} then explains it to the user)
 * @param citations sources the answer drew on, best first; empty when none
 * @param toolCalls the tool calls made during the turn; empty when none
 * @param turnId the turn's id in the conversation log: what feedback on this answer names
 */
public record TurnResult(
        String conversationId,
        String text,
        int appVersion,
        TurnStatus status,
        boolean failed,
        int inputTokens,
        int outputTokens,
        long latencyMs,
        List<Citation> citations,
        List<ToolCallLog> toolCalls,
        String turnId) {
    public TurnResult {
        citations = citations == null ? List.of() : List.copyOf(citations);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
}
