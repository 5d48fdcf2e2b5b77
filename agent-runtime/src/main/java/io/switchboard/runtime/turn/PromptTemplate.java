package io.switchboard.runtime.turn;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code {{name}}} placeholders; an unknown name becomes empty text. */
final class PromptTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

    private PromptTemplate() {}

    static String render(String template, Map<String, String> defaults, Map<String, String> values) {
        if (template.indexOf("{{") < 0) {
            return template;
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.getOrDefault(name, defaults.getOrDefault(name, ""));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
