package io.switchboard.channels.spi;

import java.util.List;

/**
 * The end of a turn.
 *
 * @param conversationId the conversation the turn belonged to
 * @param text the whole answer (for a failed turn, the message to show the user)
 * @param inputTokens tokens in the prompt, 0 when unknown
 * @param outputTokens tokens generated, 0 when unknown
 * @param failed true when the model failed and {@code text} explains it to the user
 * @param sources the passages the answer drew on (knowledge bases), best first; may be empty
 * @param turnId the turn's id in the conversation log, which feedback on the answer names; null when the
 *     turn was not logged
 * @param toolCalls calls of a developer-API client's own tools the model asked for; empty when none
 * @param finishReason why the model stopped: {@code stop}, {@code length}, {@code tool_calls} or
 *     {@code content_filter}
 * @param rejection for a failed turn whose input the model refused, its reason; null otherwise
 */
public record TurnReply(
        String conversationId,
        String text,
        int inputTokens,
        int outputTokens,
        boolean failed,
        List<Source> sources,
        String turnId,
        List<ApiTurn.ToolCall> toolCalls,
        String finishReason,
        String rejection) {
    public TurnReply {
        sources = sources == null ? List.of() : List.copyOf(sources);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        finishReason = finishReason == null ? "stop" : finishReason;
    }

    /** A reply with none of the developer API's extras. */
    public TurnReply(
            String conversationId,
            String text,
            int inputTokens,
            int outputTokens,
            boolean failed,
            List<Source> sources,
            String turnId) {
        this(conversationId, text, inputTokens, outputTokens, failed, sources, turnId, null, null, null);
    }

    /** A cited passage: where it comes from (document name or URL) and the passage itself. */
    public record Source(String name, String passage) {}
}
