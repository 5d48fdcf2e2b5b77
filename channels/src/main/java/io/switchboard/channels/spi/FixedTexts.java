package io.switchboard.channels.spi;

import java.util.Locale;

/**
 * The language of a channel's own fixed texts (notices, errors, button captions): the app's reply
 * language when it has one, else the user's, told apart as Chinese or not by the script of what they
 * wrote. Channels ship their texts in English and Chinese.
 */
public final class FixedTexts {
    private FixedTexts() {}

    /**
     * True when the fixed texts should be Chinese.
     *
     * @param appLanguage the app's reply language (BCP-47), or null
     * @param userText what the user wrote, or null when unknown
     */
    public static boolean chinese(String appLanguage, String userText) {
        if (appLanguage != null && !appLanguage.isBlank()) {
            return appLanguage.toLowerCase(Locale.ROOT).startsWith("zh");
        }
        return userText != null && userText.codePoints().anyMatch(FixedTexts::han);
    }

    /** {@code english} or {@code chinese}, as {@link #chinese} decides. */
    public static String pick(String appLanguage, String userText, String english, String chinese) {
        return chinese(appLanguage, userText) ? chinese : english;
    }

    private static boolean han(int codePoint) {
        return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
    }
}
