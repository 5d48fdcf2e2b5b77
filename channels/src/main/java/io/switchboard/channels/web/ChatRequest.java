package io.switchboard.channels.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.HttpException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One message sent from the chat page.
 *
 * @param conversationId the conversation to continue, generated when the page has none yet
 * @param text what the user typed, trimmed
 * @param userId the browser's anonymous id, or one derived from the conversation
 * @param variables values for the app's input variables (the form before the first message), may be empty
 * @param regenerate true to answer the conversation's last question again (then {@code text} is null)
 */
record ChatRequest(
        String conversationId, String text, String userId, Map<String, String> variables, boolean regenerate) {
    static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final int MAX_TEXT_CHARS = 8000;
    static final int MAX_VARIABLE_CHARS = 2000;
    static final int MAX_VARIABLES = 50;

    ChatRequest {
        requireId("conversationId", conversationId);
        requireId("userId", userId);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        if (regenerate) {
            if (text != null) {
                throw new IllegalArgumentException("text must be absent when regenerate is true");
            }
        } else {
            requireText(text);
        }
    }

    private static void requireText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text must not be blank");
        }
        // Nothing but control characters ("\u0011", "\u0000") is no message: the model would get nothing.
        if (text.codePoints().allMatch(cp -> Character.isISOControl(cp) || Character.isWhitespace(cp))) {
            throw new IllegalArgumentException("text must contain more than control characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(++i))
                    : !Character.isLowSurrogate(c);
            if (!paired) {
                throw new IllegalArgumentException("text must be valid Unicode (it holds a lone surrogate)");
            }
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("text must be at most " + MAX_TEXT_CHARS + " characters");
        }
    }

    /**
     * Parses {@code {"conversationId"?, "text", "userId"?, "variables"?, "regenerate"?}}; any problem is
     * an HTTP 400 naming it.
     */
    static ChatRequest parse(Buffer body) {
        JsonObject json = jsonObject(body);
        try {
            String conversationId = optionalString(json, "conversationId");
            if (conversationId == null) {
                conversationId = UUID.randomUUID().toString();
            }
            String userId = optionalString(json, "userId");
            if (userId == null) {
                userId = "web-" + conversationId;
            }
            Object regenerate = json.getValue("regenerate");
            if (regenerate != null && !(regenerate instanceof Boolean)) {
                throw new IllegalArgumentException("regenerate must be true or false");
            }
            boolean again = Boolean.TRUE.equals(regenerate);
            if (again && json.getValue("conversationId") == null) {
                throw new IllegalArgumentException("conversationId is required to regenerate an answer");
            }
            String text = optionalString(json, "text");
            if (text == null && !again) {
                throw new IllegalArgumentException("text is required");
            }
            return new ChatRequest(conversationId, text == null ? null : text.strip(), userId, variables(json), again);
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, e.getMessage());
        }
    }

    private static JsonObject jsonObject(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new HttpException(400, "body must be a JSON object with a text field");
        }
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new HttpException(400, "body is not valid JSON");
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new HttpException(400, "body must be a JSON object with a text field");
    }

    private static Map<String, String> variables(JsonObject json) {
        Object value = json.getValue("variables");
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException("variables must be an object of names to text");
        }
        if (object.size() > MAX_VARIABLES) {
            throw new IllegalArgumentException("variables must hold at most " + MAX_VARIABLES + " values");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (String name : object.fieldNames()) {
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("variables." + name + " is not a variable name");
            }
            if (!(object.getValue(name) instanceof String text)) {
                throw new IllegalArgumentException("variables." + name + " must be a string");
            }
            if (text.codePointCount(0, text.length()) > MAX_VARIABLE_CHARS) {
                throw new IllegalArgumentException(
                        "variables." + name + " must be at most " + MAX_VARIABLE_CHARS + " characters");
            }
            variables.put(name, text.strip());
        }
        return variables;
    }

    private static String optionalString(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException(field + " must be a string");
    }

    private static void requireId(String field, String value) {
        if (value == null || !ID_PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -");
        }
    }
}
