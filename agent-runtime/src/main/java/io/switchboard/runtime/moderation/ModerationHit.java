package io.switchboard.runtime.moderation;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.runtime.WireEnum;
import java.time.Instant;

/**
 * A recorded hit of moderation.
 *
 * @param id the store's id, 0 before it is stored
 * @param channel the channel the turn came from ({@code web}, {@code api}, {@code telegram}, ...)
 * @param direction whether the user's message or the answer held it
 * @param source the keyword list's id, or {@code provider} for a provider's moderation check
 * @param word the keyword as the list spells it, or the category the provider flagged
 * @param turnId the turn's id in the conversation log
 */
public record ModerationHit(
        long id,
        String appId,
        String channel,
        Direction direction,
        String source,
        String word,
        String turnId,
        Instant createdAt) {
    /** The source of hits from a provider's moderation endpoint. */
    public static final String PROVIDER = "provider";

    /** Which side of the turn held the hit. */
    public enum Direction implements WireEnum {
        INPUT,
        OUTPUT;

        @JsonCreator
        public static Direction parse(String text) {
            return WireEnum.parse(Direction.class, text, "direction must be input or output");
        }
    }
}
