package io.switchboard.runtime.turn;

import io.switchboard.runtime.knowledge.Citation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
 * @param followUps completes with the follow-up questions once written (after the answer; empty when the
 *     app suggests none), never exceptionally
 * @param clientToolCalls calls of the developer-API client's own tools the model asked for; the
 *     client runs them and sends the results back; empty when none
 * @param finishReason why the model stopped: {@code stop}, {@code length}, {@code tool_calls} or
 *     {@code content_filter}
 * @param rejection for a failed turn whose input the provider refused (HTTP 400/422), its reason;
 *     null otherwise
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
        String turnId,
        CompletionStage<List<String>> followUps,
        List<ClientRequest.ToolCall> clientToolCalls,
        String finishReason,
        String rejection) {
    public TurnResult {
        followUps = followUps == null ? CompletableFuture.completedFuture(List.of()) : followUps;
        citations = citations == null ? List.of() : List.copyOf(citations);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        clientToolCalls = clientToolCalls == null ? List.of() : List.copyOf(clientToolCalls);
        finishReason = finishReason == null ? "stop" : finishReason;
    }

    /** A result with none of the developer API's extras and no follow-ups. */
    public TurnResult(
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
        this(
                conversationId,
                text,
                appVersion,
                status,
                failed,
                inputTokens,
                outputTokens,
                latencyMs,
                citations,
                toolCalls,
                turnId,
                null);
    }

    /** A result with none of the developer API's extras. */
    public TurnResult(
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
            String turnId,
            CompletionStage<List<String>> followUps) {
        this(
                conversationId,
                text,
                appVersion,
                status,
                failed,
                inputTokens,
                outputTokens,
                latencyMs,
                citations,
                toolCalls,
                turnId,
                followUps,
                null,
                null,
                null);
    }
}
