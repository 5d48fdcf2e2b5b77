package io.switchboard.runtime.tool;

import java.util.regex.Pattern;

/** Readable text of an HTML page: no scripts, styles or tags; block elements become line breaks. */
final class HtmlText {
    private static final Pattern INVISIBLE =
            Pattern.compile("(?is)<(script|style|noscript|template|svg|head)\\b[^>]*>.*?</\\1\\s*>|<!--.*?-->");
    private static final Pattern BLOCK = Pattern.compile(
            "(?i)</?(p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|header|footer|pre|blockquote)\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n+");

    private HtmlText() {}

    static String readable(String html) {
        String text = INVISIBLE.matcher(html).replaceAll(" ");
        text = BLOCK.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll(" ");
        text = text.replace("&nbsp;", " ")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
        text = SPACES.matcher(text).replaceAll(" ");
        text = text.replaceAll(" *\\n *", "\n");
        return BLANK_LINES.matcher(text).replaceAll("\n\n").strip();
    }
}
