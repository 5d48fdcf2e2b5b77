package io.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What no stored text may hold, checked on the whole request tree before it is bound, so that every
 * string (field names included, and values inside free-form objects) is covered and the 400 names the
 * field: NUL, a lone surrogate (not text at all: it breaks UTF-8 encoders and databases), a bidirectional
 * override or isolate (U+202A–U+202E, U+2066–U+2069, the "Trojan Source" characters that make text show
 * something other than what it holds), and any string longer than {@link #MAX_LENGTH} characters
 * ({@link #MAX_DOCUMENT_LENGTH} for the fields that carry a whole document). Tighter per-field limits
 * are checked by the request records themselves.
 */
final class TextGuard {
    /** The longest string any field takes, unless it carries a whole document. */
    static final int MAX_LENGTH = 100_000;

    /** The longest document (a workflow's YAML, an OpenAPI document to import). */
    static final int MAX_DOCUMENT_LENGTH = 2_000_000;

    private static final Set<String> DOCUMENT_FIELDS = Set.of("yaml", "document");

    private TextGuard() {}

    /** Throws a 400 naming the first field that breaks a rule. */
    static void check(JsonNode node) {
        check(node, "", null);
    }

    private static void check(JsonNode node, String path, String field) {
        if (node.isTextual()) {
            String text = node.textValue();
            int limit = field != null && DOCUMENT_FIELDS.contains(field) ? MAX_DOCUMENT_LENGTH : MAX_LENGTH;
            // Characters as JSON Schema's maxLength counts them: code points, not UTF-16 units.
            if (text.length() > limit && text.codePointCount(0, text.length()) > limit) {
                throw ApiException.badRequest("field '" + path + "' must be at most " + limit + " characters (got "
                        + text.codePointCount(0, text.length()) + ")");
            }
            String problem = problem(text);
            if (problem != null) {
                throw ApiException.badRequest("field '" + path + "' must not contain " + problem);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String name = entry.getKey();
                String problem = name.length() > 1000 ? "more than 1000 characters" : problem(name);
                if (problem != null) {
                    throw ApiException.badRequest("a field name" + (path.isEmpty() ? "" : " in '" + path + "'")
                            + " must not contain " + problem);
                }
                check(entry.getValue(), path.isEmpty() ? name : path + "." + name, name);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]", field);
            }
        }
    }

    /** What is wrong with {@code text}, or null when nothing is. */
    static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "a NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "an unpaired surrogate (U+" + hex(c) + ")";
            }
            if (Character.isLowSurrogate(c)) {
                return "an unpaired surrogate (U+" + hex(c) + ")";
            }
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return "a bidirectional override or isolate character (U+" + hex(c) + ")";
            }
        }
        return null;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
