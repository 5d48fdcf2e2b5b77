package io.switchboard.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses text sent with {@code parse_mode=HTML} as strictly as Telegram does (tags, nesting, entities). */
final class TelegramHtml {
    private static final Set<String> TAGS = Set.of(
            "b",
            "strong",
            "i",
            "em",
            "u",
            "ins",
            "s",
            "strike",
            "del",
            "a",
            "code",
            "pre",
            "tg-spoiler",
            "blockquote",
            "span");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z-]+)(\\s[^<>]*)?>");
    private static final Pattern ENTITY = Pattern.compile("&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});");

    private TelegramHtml() {}

    /** The visible text, or throws with Telegram's "can't parse entities" description. */
    static String visibleText(String html) {
        StringBuilder visible = new StringBuilder();
        Deque<String> open = new ArrayDeque<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                Matcher tag = TAG.matcher(html).region(i, html.length());
                if (!tag.lookingAt()) {
                    throw error("unexpected '<' at byte offset " + i);
                }
                String name = tag.group(2).toLowerCase(Locale.ROOT);
                if (!TAGS.contains(name)) {
                    throw error("unsupported start tag \"" + name + "\" at byte offset " + i);
                }
                if (tag.group(1).isEmpty()) {
                    open.push(name);
                } else if (open.isEmpty() || !open.pop().equals(name)) {
                    throw error("can't find end tag corresponding to start tag at byte offset " + i);
                }
                i = tag.end();
            } else if (c == '&') {
                Matcher entity = ENTITY.matcher(html).region(i, html.length());
                if (!entity.lookingAt()) {
                    throw error("unsupported HTML entity at byte offset " + i);
                }
                visible.appendCodePoint(decode(entity.group(1)));
                i = entity.end();
            } else {
                visible.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            throw error("can't find end tag corresponding to start tag \"" + open.peek() + "\"");
        }
        return visible.toString();
    }

    private static int decode(String entity) {
        return switch (entity) {
            case "lt" -> '<';
            case "gt" -> '>';
            case "amp" -> '&';
            case "quot" -> '"';
            default ->
                entity.startsWith("#x")
                        ? Integer.parseInt(entity.substring(2), 16)
                        : Integer.parseInt(entity.substring(1));
        };
    }

    private static IllegalArgumentException error(String detail) {
        return new IllegalArgumentException("Bad Request: can't parse entities: " + detail);
    }
}
