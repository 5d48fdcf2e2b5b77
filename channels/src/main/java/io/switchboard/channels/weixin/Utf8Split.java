package io.switchboard.channels.weixin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an answer into parts of at most {@code maxBytes} UTF-8 bytes, preferring to cut after a
 * sentence end (Chinese or Latin punctuation, a line break), then after a space, and never inside a
 * character.
 */
public final class Utf8Split {
    private static final String SENTENCE_ENDS = "。！？；!?;\n";

    private Utf8Split() {}

    public static List<String> split(String text, int maxBytes) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            int fit = fittingChars(rest, maxBytes);
            int cut = lastBoundary(rest, fit);
            String part = rest.substring(0, cut).strip();
            if (!part.isEmpty()) {
                parts.add(part);
            }
            rest = rest.substring(cut);
        }
        if (!rest.isBlank() || parts.isEmpty()) {
            parts.add(rest.strip());
        }
        return parts;
    }

    /** How many chars of {@code text} fit in {@code maxBytes}, never splitting a surrogate pair. */
    private static int fittingChars(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return Math.max(i, 1);
    }

    private static int lastBoundary(String text, int limit) {
        for (int i = limit; i > limit / 2; i--) {
            char c = text.charAt(i - 1);
            if (SENTENCE_ENDS.indexOf(c) >= 0 || (c == '.' && (i == text.length() || text.charAt(i) == ' '))) {
                return i;
            }
        }
        for (int i = limit; i > limit / 2; i--) {
            if (Character.isWhitespace(text.charAt(i - 1))) {
                return i;
            }
        }
        return limit;
    }
}
