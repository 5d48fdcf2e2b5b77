package io.switchboard.runtime.offline;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** How questions are compared literally, and which script (hence which embedding model) they are in. */
final class QuestionText {
    private static final Pattern NOT_WORD = Pattern.compile("[\\p{P}\\p{S}\\p{Z}\\s]+");

    private QuestionText() {}

    /**
     * The text with full-width forms folded (NFKC), lower-cased, and punctuation, symbols and
     * whitespace removed: "What is Switchboard？" and "what is switchboard" become the same.
     */
    static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return NOT_WORD.matcher(folded).replaceAll("");
    }

    /** True when the text holds Han characters (or Japanese kana): the Chinese model reads it. */
    static boolean isChinese(String text) {
        return text.codePoints().anyMatch(cp -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            return script == Character.UnicodeScript.HAN
                    || script == Character.UnicodeScript.HIRAGANA
                    || script == Character.UnicodeScript.KATAKANA;
        });
    }
}
