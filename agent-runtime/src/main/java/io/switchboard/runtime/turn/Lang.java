package io.switchboard.runtime.turn;

/**
 * The language of the fixed replies a turn sends (fallback, errors, unsupported media): Chinese or
 * English when known, both when neither the app nor the user's message tells.
 */
enum Lang {
    ZH,
    EN,
    BOTH;

    /**
     * The app's reply language when it has one (Chinese for any {@code zh} tag, English for every other
     * language: fixed replies exist in those two), else the language of the user's message: Chinese
     * when it holds Han characters, English when it holds Latin letters only, both when it holds
     * neither (a voice note, a photo without caption).
     */
    static Lang of(String replyLanguage, String userText) {
        if (replyLanguage != null) {
            return replyLanguage.equals("zh") || replyLanguage.startsWith("zh-") ? ZH : EN;
        }
        boolean latin = false;
        for (int i = 0; i < userText.length(); ) {
            int cp = userText.codePointAt(i);
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HAN) {
                return ZH;
            }
            latin |= script == Character.UnicodeScript.LATIN;
            i += Character.charCount(cp);
        }
        return latin ? EN : BOTH;
    }
}
