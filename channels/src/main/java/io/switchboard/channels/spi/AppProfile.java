package io.switchboard.channels.spi;

import java.util.List;

/**
 * What a channel shows about an app before the first message, and which media it can take.
 *
 * @param acceptsImages true when photos go to the app (a vision model); otherwise the channel answers
 *     them with its configured reply and downloads nothing
 * @param acceptsVoice true when voice messages are transcribed and answered; otherwise the configured
 *     reply
 * @param replyLanguage the app's reply language (BCP-47), or null to follow the user: the channel's own
 *     fixed texts follow it (see {@link FixedTexts})
 */
public record AppProfile(
        String appId,
        String name,
        String openingStatement,
        List<String> suggestedQuestions,
        boolean acceptsImages,
        boolean acceptsVoice,
        String replyLanguage) {
    public AppProfile {
        suggestedQuestions = suggestedQuestions == null ? List.of() : List.copyOf(suggestedQuestions);
        replyLanguage = replyLanguage == null || replyLanguage.isBlank() ? null : replyLanguage;
    }

    /** An app that follows the user's language. */
    public AppProfile(
            String appId,
            String name,
            String openingStatement,
            List<String> suggestedQuestions,
            boolean acceptsImages,
            boolean acceptsVoice) {
        this(appId, name, openingStatement, suggestedQuestions, acceptsImages, acceptsVoice, null);
    }
}
