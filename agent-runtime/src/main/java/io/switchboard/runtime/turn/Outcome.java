package io.switchboard.runtime.turn;

import io.switchboard.runtime.knowledge.Citation;
import java.util.List;

/**
 * How a turn was answered, before it is logged and returned.
 *
 * @param clientToolCalls calls of a developer-API client's tools: the turn ends with them, unanswered
 * @param finishReason why the model stopped ({@code stop}, {@code length}, {@code tool_calls},
 *     {@code content_filter})
 * @param rejection the provider's reason when it refused the input (HTTP 400/422), else null
 * @param model the model that answered ({@code providerId/modelName}), or null when none did
 */
record Outcome(
        String text,
        TurnStatus status,
        String error,
        boolean failed,
        int inputTokens,
        int outputTokens,
        List<Citation> citations,
        List<ToolCallLog> toolCalls,
        List<ClientRequest.ToolCall> clientToolCalls,
        String finishReason,
        String rejection,
        String model) {
    Outcome {
        clientToolCalls = clientToolCalls == null ? List.of() : List.copyOf(clientToolCalls);
        finishReason = finishReason == null ? "stop" : finishReason;
    }

    Outcome(
            String text,
            TurnStatus status,
            String error,
            boolean failed,
            int inputTokens,
            int outputTokens,
            List<Citation> citations,
            List<ToolCallLog> toolCalls) {
        this(text, status, error, failed, inputTokens, outputTokens, citations, toolCalls, null, null, null, null);
    }

    static Outcome ok(String text, TurnStatus status, int inputTokens, int outputTokens, List<Citation> citations) {
        return new Outcome(text, status, null, false, inputTokens, outputTokens, citations, List.of());
    }

    static Outcome failed(String userMessage, String error) {
        return new Outcome(userMessage, TurnStatus.ERROR, error, true, 0, 0, List.of(), List.of());
    }

    /** The provider refused the input: the user sees its reason. */
    static Outcome rejected(String userMessage, String error, String reason) {
        return new Outcome(
                userMessage, TurnStatus.ERROR, error, true, 0, 0, List.of(), List.of(), null, null, reason, null);
    }
}
