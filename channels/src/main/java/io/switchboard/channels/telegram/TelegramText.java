package io.switchboard.channels.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text for Telegram: the model's Markdown rendered as Telegram HTML (everything else escaped, so only
 * tags we generate reach Telegram), and long answers split on paragraph or sentence boundaries.
 */
final class TelegramText {
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*)$");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+(.*)$");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)\\]\\((https?://[^\\s)]+)\\)");
    // Never inside a run of three or more: "***" is how moderation masks a word, and it must stay visible.
    private static final Pattern BOLD = Pattern.compile("(?<!\\*)\\*\\*(?!\\*)(.+?)(?<!\\*)\\*\\*(?!\\*)|__(.+?)__");
    private static final Pattern ITALIC = Pattern.compile("(?<![\\w*])\\*(?![\\s*])(.+?)(?<![\\s*])\\*(?![\\w*])");
    private static final Pattern STRIKE = Pattern.compile("~~(.+?)~~");
    private static final String SENTENCE_ENDS = ".!?。！？";

    private TelegramText() {}

    /** Escapes the three characters Telegram's HTML parse mode reserves (and quotes, for attributes). */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Renders Markdown (fenced and inline code, bold, italic, strike-through, links, headings, bullets)
     * as Telegram HTML. Anything else is shown literally. Overlapping emphasis can still yield markup
     * Telegram refuses; the sender then falls back to plain text.
     */
    static String toHtml(String markdown) {
        StringBuilder out = new StringBuilder(markdown.length() + 32);
        boolean inFence = false;
        boolean first = true;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                if (inFence) {
                    out.append("</code></pre>");
                    first = false;
                } else {
                    out.append(first ? "" : "\n").append("<pre><code>");
                    first = true;
                }
                inFence = !inFence;
                continue;
            }
            if (!first) {
                out.append('\n');
            }
            first = false;
            out.append(inFence ? escape(line) : line(line));
        }
        if (inFence) {
            out.append("</code></pre>");
        }
        return out.toString();
    }

    private static String line(String line) {
        Matcher heading = HEADING.matcher(line);
        if (heading.matches()) {
            return "<b>" + spans(heading.group(1)) + "</b>";
        }
        Matcher bullet = BULLET.matcher(line);
        if (bullet.matches()) {
            return bullet.group(1) + "• " + spans(bullet.group(2));
        }
        return spans(line);
    }

    /** Inline code first (its content is literal), then emphasis and links on the escaped rest. */
    private static String spans(String text) {
        StringBuilder out = new StringBuilder();
        Matcher code = CODE_SPAN.matcher(text);
        int last = 0;
        while (code.find()) {
            out.append(emphasis(text.substring(last, code.start())));
            out.append("<code>").append(escape(code.group(1))).append("</code>");
            last = code.end();
        }
        return out.append(emphasis(text.substring(last))).toString();
    }

    private static String emphasis(String plain) {
        String html = escape(plain);
        html = LINK.matcher(html)
                .replaceAll(m -> Matcher.quoteReplacement("<a href=\"" + m.group(2) + "\">" + m.group(1) + "</a>"));
        html = BOLD.matcher(html)
                .replaceAll(
                        m -> Matcher.quoteReplacement("<b>" + (m.group(1) != null ? m.group(1) : m.group(2)) + "</b>"));
        html = ITALIC.matcher(html).replaceAll(m -> Matcher.quoteReplacement("<i>" + m.group(1) + "</i>"));
        return STRIKE.matcher(html).replaceAll(m -> Matcher.quoteReplacement("<s>" + m.group(1) + "</s>"));
    }

    /**
     * Splits {@code text} into parts of at most {@code max} characters, preferring a paragraph break,
     * then a line break, then the end of a sentence, then a space; never splits a surrogate pair.
     */
    static List<String> split(String text, int max) {
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > max) {
            int cut = cutPoint(rest, max);
            String part = rest.substring(0, cut).strip();
            if (!part.isEmpty()) {
                parts.add(part);
            }
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    private static int cutPoint(String text, int max) {
        String window = text.substring(0, max);
        int minimum = max / 3;
        int paragraph = window.lastIndexOf("\n\n");
        if (paragraph >= minimum) {
            return paragraph + 2;
        }
        int line = window.lastIndexOf('\n');
        if (line >= minimum) {
            return line + 1;
        }
        for (int i = max - 1; i >= minimum; i--) {
            if (SENTENCE_ENDS.indexOf(window.charAt(i)) >= 0
                    && (i + 1 == text.length()
                            || Character.isWhitespace(text.charAt(i + 1))
                            || window.charAt(i) > 0x3000)) {
                return i + 1;
            }
        }
        int space = window.lastIndexOf(' ');
        if (space >= minimum) {
            return space + 1;
        }
        return Character.isHighSurrogate(window.charAt(max - 1)) ? max - 1 : max;
    }
}
