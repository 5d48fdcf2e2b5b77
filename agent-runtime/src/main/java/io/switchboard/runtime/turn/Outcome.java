package io.switchboard.runtime.turn;

import io.switchboard.runtime.knowledge.Citation;
import java.util.List;

/** How a turn was answered, before it is logged and returned. */
record Outcome(
        String text,
        TurnStatus status,
        String error,
        boolean failed,
        int inputTokens,
        int outputTokens,
        List<Citation> citations,
        List<ToolCallLog> toolCalls) {
    static Outcome ok(String text, TurnStatus status, int inputTokens, int outputTokens, List<Citation> citations) {
        return new Outcome(text, status, null, false, inputTokens, outputTokens, citations, List.of());
    }

    static Outcome failed(String userMessage, String error) {
        return new Outcome(userMessage, TurnStatus.ERROR, error, true, 0, 0, List.of(), List.of());
    }
}
