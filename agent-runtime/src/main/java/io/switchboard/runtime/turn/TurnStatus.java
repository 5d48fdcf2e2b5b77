package io.switchboard.runtime.turn;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.switchboard.runtime.WireEnum;

/** How a turn was answered; spelled in lower case in the conversation log and the admin API. */
public enum TurnStatus implements WireEnum {
    /** By the model. */
    OK,
    /** By a Q&A pair, without the model. */
    QA,
    /** By a knowledge-base passage, without a model (offline answer mode). */
    KNOWLEDGE,
    /** With the app's fallback text: no model is configured and nothing matched. */
    OFFLINE,
    /** With a fixed text: a photo or voice message the app cannot take. */
    UNSUPPORTED,
    /** Not answered: the model or the configuration failed; the user was told so. */
    ERROR,
    /** With the app's preset reply: moderation blocked the message or replaced the answer. */
    MODERATED;

    /** Reads the logged spelling. */
    @JsonCreator
    public static TurnStatus parse(String text) {
        return WireEnum.parse(
                TurnStatus.class,
                text,
                "turn status must be ok, qa, knowledge, offline, unsupported, error or moderated");
    }
}
