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

    /**
     * {@code english} or {@code chinese} as {@link #chinese} decides, or {@code unknown} when neither the
     * app nor the user tells (no reply language, and the user wrote nothing: a photo, a sticker).
     */
    public static String pick(String appLanguage, String userText, String english, String chinese, String unknown) {
        boolean noLanguage = appLanguage == null || appLanguage.isBlank();
        if (noLanguage && (userText == null || userText.isBlank())) {
            return unknown;
        }
        return pick(appLanguage, userText, english, chinese);
    }

    /**
     * One fixed text of a channel in both its languages.
     *
     * @param english the text in English
     * @param chinese the text in (simplified) Chinese
     */
    public record Text(String english, String chinese) {
        public Text {
            if (english == null || english.isBlank() || chinese == null || chinese.isBlank()) {
                throw new IllegalArgumentException("a fixed text needs an English and a Chinese form");
            }
        }

        /** Both forms, English first: for when nothing tells the language. */
        public String both() {
            return english + " " + chinese;
        }

        /** The form {@link FixedTexts#pick} chooses; English when nothing tells. */
        public String in(String appLanguage, String userText) {
            return pick(appLanguage, userText, english, chinese);
        }

        /** The form {@link FixedTexts#pick} chooses; {@code unknown} when nothing tells. */
        public String in(String appLanguage, String userText, String unknown) {
            return pick(appLanguage, userText, english, chinese, unknown);
        }

        /**
         * {@code explicit} when the binding sets its own text, else the form the app's or user's language
         * chooses ({@code unknown} when nothing tells).
         */
        public String orIn(String explicit, String appLanguage, String userText, String unknown) {
            return explicit != null && !explicit.isBlank() ? explicit : in(appLanguage, userText, unknown);
        }
    }

    private static boolean han(int codePoint) {
        return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
    }
}
