package io.switchboard.runtime.app;

import java.util.IllformedLocaleException;
import java.util.Locale;

/** The reply language setting: a BCP-47 language tag, kept in its canonical spelling. */
public final class ReplyLanguage {
    private ReplyLanguage() {}

    /**
     * The canonical form of {@code tag} ({@code zh-cn} → {@code zh-CN}), or null for none.
     *
     * @throws IllegalArgumentException naming the field when {@code tag} is not a well-formed BCP-47 tag
     *     with a language
     */
    public static String canonical(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        String trimmed = tag.strip();
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(trimmed).build();
        } catch (IllformedLocaleException e) {
            throw invalid(trimmed);
        }
        // Locale.Builder accepts a bare private-use or extension tag; a reply language needs a language.
        if (locale.getLanguage().isEmpty()) {
            throw invalid(trimmed);
        }
        return locale.toLanguageTag();
    }

    private static IllegalArgumentException invalid(String tag) {
        String shown = tag.length() > 40 ? tag.substring(0, 40) + "…" : tag;
        return new IllegalArgumentException(
                "replyLanguage must be a BCP-47 language tag such as 'zh-CN' or 'en', got '" + shown + "'");
    }
}
