package io.switchboard.runtime.turn;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.runtime.WireEnum;
import java.time.Instant;

/**
 * An end user's verdict on one answer: thumbs up or down and an optional comment. A later verdict on the
 * same turn replaces the earlier one.
 *
 * @param turnId the turn's id (the conversation log's, and the response id the channel showed)
 * @param channel where it was given ({@code web}, {@code api}, {@code telegram}, ...)
 * @param userId who gave it, as the channel names users; may be null
 * @param comment at most {@link #MAX_COMMENT} characters; may be null
 */
public record Feedback(
        String turnId, String appId, Rating rating, String comment, String channel, String userId, Instant createdAt) {
    public static final int MAX_COMMENT = 1000;

    public Feedback {
        if (turnId == null || turnId.isBlank() || turnId.codePointCount(0, turnId.length()) > 64) {
            throw new IllegalArgumentException("feedback needs the turn's id (at most 64 characters)");
        }
        if (rating == null) {
            throw new IllegalArgumentException("rating must be up or down");
        }
        comment = comment == null || comment.isBlank() ? null : comment.strip();
        if (comment != null && comment.codePointCount(0, comment.length()) > MAX_COMMENT) {
            throw new IllegalArgumentException("comment must be at most " + MAX_COMMENT + " characters");
        }
        if (userId != null && userId.length() > 255) {
            // Cut to what the column holds on both databases (255 UTF-16 units), never inside a pair.
            userId = userId.substring(0, Character.isHighSurrogate(userId.charAt(254)) ? 254 : 255);
        }
    }

    public enum Rating implements WireEnum {
        UP,
        DOWN;

        @JsonCreator
        public static Rating parse(String text) {
            return WireEnum.parse(Rating.class, text, "rating must be up or down");
        }
    }

    /** Which turns a log listing keeps, by their feedback. */
    public enum Filter implements WireEnum {
        /** Every turn. */
        ALL,
        UP,
        DOWN,
        /** Turns with any feedback. */
        GIVEN,
        /** Turns without feedback. */
        NONE;

        @JsonCreator
        public static Filter parse(String text) {
            return WireEnum.parse(Filter.class, text, "feedback must be up, down, given or none");
        }
    }
}
