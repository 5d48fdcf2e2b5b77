package io.switchboard.channels.spi;

import java.util.List;

/**
 * What a channel shows about an app before the first message, and which media it can take.
 *
 * @param acceptsImages true when photos go to the app (a vision model); otherwise the channel answers
 *     them with its configured reply and downloads nothing
 * @param acceptsVoice true when voice messages are transcribed and answered; otherwise the configured
 *     reply
 */
public record AppProfile(
        String appId,
        String name,
        String openingStatement,
        List<String> suggestedQuestions,
        boolean acceptsImages,
        boolean acceptsVoice) {
    public AppProfile {
        suggestedQuestions = suggestedQuestions == null ? List.of() : List.copyOf(suggestedQuestions);
    }
}
