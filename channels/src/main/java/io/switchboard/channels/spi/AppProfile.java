package io.switchboard.channels.spi;

import java.util.List;
import java.util.Map;

/**
 * What a channel shows about an app before the first message, and which media it can take.
 *
 * @param acceptsImages true when photos go to the app (a vision model); otherwise the channel answers
 *     them with its configured reply and downloads nothing
 * @param acceptsVoice true when voice messages are transcribed and answered; otherwise the configured
 *     reply
 * @param variables the app's input variables (names of its prompt's {@code {{name}}} placeholders) with
 *     their default values, in the app's order; the web chat asks for them before the first message
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
        Map<String, String> variables,
        String replyLanguage) {
    public AppProfile {
        suggestedQuestions = suggestedQuestions == null ? List.of() : List.copyOf(suggestedQuestions);
        variables = variables == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
        replyLanguage = replyLanguage == null || replyLanguage.isBlank() ? null : replyLanguage;
    }

    /** A profile that follows the user's language. */
    public AppProfile(
            String appId,
            String name,
            String openingStatement,
            List<String> suggestedQuestions,
            boolean acceptsImages,
            boolean acceptsVoice,
            Map<String, String> variables) {
        this(appId, name, openingStatement, suggestedQuestions, acceptsImages, acceptsVoice, variables, null);
    }

    /** A profile without input variables that follows the user's language. */
    public AppProfile(
            String appId,
            String name,
            String openingStatement,
            List<String> suggestedQuestions,
            boolean acceptsImages,
            boolean acceptsVoice) {
        this(appId, name, openingStatement, suggestedQuestions, acceptsImages, acceptsVoice, Map.of(), null);
    }
}
