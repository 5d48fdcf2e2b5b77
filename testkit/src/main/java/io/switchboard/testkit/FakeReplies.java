package io.switchboard.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Deterministic answer text, chunking and token counts shared by the fake model servers. */
final class FakeReplies {
    private FakeReplies() {}

    static String echo(JsonArray messages) {
        String lastUser = "";
        int count = messages == null ? 0 : messages.size();
        for (int i = count - 1; i >= 0; i--) {
            JsonObject message = messages.getJsonObject(i);
            if ("user".equals(message.getString("role"))) {
                lastUser = contentText(message);
                break;
            }
        }
        return "echo: " + lastUser + " (" + count + " messages)";
    }

    /** A message's text whether its content is a string or an array of parts (OpenAI multimodal form). */
    static String contentText(JsonObject message) {
        Object content = message.getValue("content");
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof JsonArray parts) {
            StringBuilder text = new StringBuilder();
            for (Object part : parts) {
                if (part instanceof JsonObject object && object.getString("text") != null) {
                    text.append(object.getString("text"));
                }
            }
            return text.toString();
        }
        return "";
    }

    /**
     * Splits like a tokenizer would, roughly: a chunk ends after a space or after a CJK character, so
     * concatenating the chunks gives the text back exactly.
     */
    static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        text.codePoints().forEach(cp -> {
            current.appendCodePoint(cp);
            if (Character.isWhitespace(cp) || Character.isIdeographic(cp)) {
                chunks.add(current.toString());
                current.setLength(0);
            }
        });
        if (!current.isEmpty()) {
            chunks.add(current.toString());
        }
        return chunks;
    }

    /** A stable estimate: a quarter of the characters plus a few tokens of framing per message. */
    static int promptTokens(JsonArray messages) {
        int tokens = 0;
        if (messages != null) {
            for (int i = 0; i < messages.size(); i++) {
                tokens += 4 + (contentText(messages.getJsonObject(i)).length() + 3) / 4;
            }
        }
        return tokens;
    }

    /** Escapes {@code text} as a JSON string literal, quotes included. */
    static String jsonString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
