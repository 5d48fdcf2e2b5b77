package io.switchboard.channels.spi;

/**
 * The end of a turn.
 *
 * @param conversationId the conversation the turn belonged to
 * @param text the whole answer (for a failed turn, the message to show the user)
 * @param inputTokens tokens in the prompt, 0 when unknown
 * @param outputTokens tokens generated, 0 when unknown
 * @param failed true when the model failed and {@code text} explains it to the user
 */
public record TurnReply(String conversationId, String text, int inputTokens, int outputTokens, boolean failed) {}
