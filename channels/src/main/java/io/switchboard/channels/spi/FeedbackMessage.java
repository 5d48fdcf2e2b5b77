package io.switchboard.channels.spi;

/**
 * An end user's thumbs up or down on one answer.
 *
 * @param channel the channel it came through ({@code web}, {@code api}, {@code telegram})
 * @param turnId the answer's id as the channel showed it (the API's response id, the web chat's turn id)
 * @param up true for thumbs up
 * @param comment what the user wrote, or null
 * @param userId who gave it, as the channel names users; may be null
 */
public record FeedbackMessage(String channel, String appId, String turnId, boolean up, String comment, String userId) {
    public static final int MAX_COMMENT = 1000;

    public FeedbackMessage {
        if (channel == null || appId == null) {
            throw new IllegalArgumentException("channel and appId are required");
        }
        if (turnId == null || turnId.isBlank() || turnId.codePointCount(0, turnId.length()) > 64) {
            throw new IllegalArgumentException("the answer's id must be 1 to 64 characters");
        }
        comment = comment == null || comment.isBlank() ? null : comment.strip();
        if (comment != null && comment.codePointCount(0, comment.length()) > MAX_COMMENT) {
            throw new IllegalArgumentException("comment must be at most " + MAX_COMMENT + " characters");
        }
    }
}
