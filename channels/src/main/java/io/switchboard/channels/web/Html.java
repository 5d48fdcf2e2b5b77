package io.switchboard.channels.web;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Filling the page template: every value is escaped for element content and quoted attributes. */
final class Html {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private Html() {}

    /** Replaces {@code {{name}}} in one pass, so a value that itself looks like a placeholder stays text. */
    static String fill(String template, Map<String, String> values) {
        return PLACEHOLDER.matcher(template).replaceAll(match -> {
            String value = values.get(match.group(1));
            if (value == null) {
                throw new IllegalStateException("the page template names an unknown value " + match.group());
            }
            return Matcher.quoteReplacement(escape(value));
        });
    }

    static String escape(String text) {
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
