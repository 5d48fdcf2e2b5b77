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
 */
public record TurnReply(
        String conversationId,
        String text,
        int inputTokens,
        int outputTokens,
        boolean failed,
        List<Source> sources,
        String turnId) {
    public TurnReply {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** A cited passage: where it comes from (document name or URL) and the passage itself. */
    public record Source(String name, String passage) {}
}
