package io.switchboard.runtime.moderation;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;

/**
 * Folds the usual evasions out of a text before keyword matching: case, full-width forms (NFKC),
 * traditional Chinese (OpenCC's character table, through opencc4j), and separators, punctuation,
 * symbols and zero-width characters, which are dropped, so {@code Ｆ.u​ck} and {@code 法 輪-功} read
 * as {@code fuck} and {@code 法轮功}. Every kept character remembers where it came from, so a match maps
 * back to the original text. Thread-safe.
 */
final class KeywordNormalizer {
    private KeywordNormalizer() {}

    /**
     * A normalised text and, for each of its characters, the range of the original it came from.
     *
     * @param text the normalised text
     * @param from start (inclusive) in the original of each character of {@code text}
     * @param to end (exclusive) in the original of each character of {@code text}
     */
    record Folded(String text, int[] from, int[] to) {
        int length() {
            return text.length();
        }
    }

    /** {@code text} normalised, with the origin of each kept character. */
    static Folded fold(CharSequence text) {
        int length = text.length();
        Sink out = new Sink(length);
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            int cp = c;
            int end = i + 1;
            if (Character.isHighSurrogate(c) && end < length && Character.isLowSurrogate(text.charAt(end))) {
                cp = Character.toCodePoint(c, text.charAt(end));
                end++;
            }
            if (cp < 0x80) {
                // The common case without a table: ASCII letters and digits, lower-cased.
                if (cp >= 'A' && cp <= 'Z') {
                    out.put((char) (cp + 32), i, end);
                } else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
                    out.put((char) cp, i, end);
                }
            } else if (cp >= 0xFF01 && cp <= 0xFF5E) {
                // Full-width ASCII: the half-width character, then as ASCII above.
                char ascii = (char) (cp - 0xFEE0);
                if (Character.isLetterOrDigit(ascii)) {
                    out.put(Character.toLowerCase(ascii), i, end);
                }
            } else if (cp <= 0xFFFF && Simplified.has((char) cp)) {
                out.put(Simplified.of((char) cp), i, end);
            } else if (Character.isIdeographic(cp) && cp <= 0xFFFF) {
                out.put((char) cp, i, end);
            } else if (!dropped(cp)) {
                foldOther(cp, out, i, end);
            }
            i = end;
        }
        return new Folded(out.text.toString(), out.from, out.to);
    }

    /** Anything else: its compatibility form (NFKC), lower-cased, without what separates. */
    private static void foldOther(int cp, Sink out, int start, int end) {
        String folded = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
        for (int k = 0; k < folded.length(); ) {
            int f = folded.codePointAt(k);
            k += Character.charCount(f);
            if (dropped(f)) {
                continue;
            }
            f = Character.toLowerCase(f);
            if (f > 0xFFFF) {
                out.put(Character.highSurrogate(f), start, end);
                out.put(Character.lowSurrogate(f), start, end);
            } else {
                out.put(Simplified.has((char) f) ? Simplified.of((char) f) : (char) f, start, end);
            }
        }
    }

    /** {@code word} normalised as a keyword (the same folding as the text it is looked for in). */
    static String foldWord(String word) {
        return fold(word).text();
    }

    private static final class Sink {
        final StringBuilder text;
        int[] from;
        int[] to;

        Sink(int capacity) {
            text = new StringBuilder(capacity);
            from = new int[Math.max(4, capacity)];
            to = new int[Math.max(4, capacity)];
        }

        void put(char c, int start, int end) {
            int at = text.length();
            if (at == from.length) {
                from = Arrays.copyOf(from, at * 2);
                to = Arrays.copyOf(to, at * 2);
            }
            from[at] = start;
            to[at] = end;
            text.append(c);
        }
    }

    /** Separators, punctuation, symbols, controls and format characters (zero-width ones among them). */
    private static boolean dropped(int cp) {
        return switch (Character.getType(cp)) {
            case Character.SPACE_SEPARATOR,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.CONTROL,
                    Character.FORMAT,
                    Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL,
                    Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.UNASSIGNED -> true;
            default -> false;
        };
    }

    /**
     * Traditional → simplified for single characters, read once from OpenCC's table as opencc4j ships it:
     * a lookup per character instead of a dictionary walk, and lengths never change.
     */
    private static final class Simplified {
        private static final int FIRST = 0x3400;
        private static final int LAST = 0x9FFF;
        private static final char[] TABLE = build();

        static boolean has(char c) {
            return c >= FIRST && c <= LAST && TABLE[c - FIRST] != 0;
        }

        static char of(char c) {
            return TABLE[c - FIRST];
        }

        private static char[] build() {
            char[] table = new char[LAST - FIRST + 1];
            for (int c = FIRST; c <= LAST; c++) {
                if (!ZhConverterUtil.isTraditional((char) c)) {
                    continue;
                }
                List<String> simple = ZhConverterUtil.toSimple((char) c);
                if (simple != null && !simple.isEmpty() && simple.get(0) != null) {
                    String s = simple.get(0);
                    if (s.length() == 1 && s.charAt(0) != c) {
                        table[c - FIRST] = s.charAt(0);
                    }
                }
            }
            return table;
        }
    }
}
