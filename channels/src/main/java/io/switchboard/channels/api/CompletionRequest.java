package io.switchboard.channels.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * The parts of an OpenAI chat completion request that Switchboard uses. The app keeps the history
 * and the prompt, so only the last {@code user} message is taken; other OpenAI parameters are
 * accepted and ignored.
 *
 * @param model must name the key's app
 * @param text the last user message, trimmed
 * @param stream whether to answer as server-sent events
 * @param includeUsage whether a streamed answer ends with a usage chunk
 * @param user the end user's id, or null
 * @param conversationId the conversation to continue, or null for a new one
 */
record CompletionRequest(
        String model, String text, boolean stream, boolean includeUsage, String user, String conversationId) {
    static final Pattern CONVERSATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_TEXT_CHARS = 32_000;
    static final int MAX_USER_CHARS = 256;

    CompletionRequest {
        if (model == null || model.isBlank()) {
            throw ApiError.invalidRequest("model", "you must provide a model parameter");
        }
        if (text == null || text.isBlank()) {
            throw ApiError.invalidRequest("messages", "the last user message must contain text");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT_CHARS) {
            throw ApiError.invalidRequest(
                    "messages", "the last user message is longer than " + MAX_TEXT_CHARS + " characters");
        }
        if (user != null && (user.isBlank() || user.length() > MAX_USER_CHARS)) {
            throw ApiError.invalidRequest("user", "user must be 1 to " + MAX_USER_CHARS + " characters");
        }
        if (conversationId != null && !CONVERSATION_ID.matcher(conversationId).matches()) {
            throw ApiError.invalidRequest(
                    "conversation_id", "conversation_id must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -");
        }
    }

    /**
     * @param conversationHeader the {@code X-Conversation-Id} header, used when the body has no
     *     {@code conversation_id}
     */
    static CompletionRequest parse(Buffer body, String conversationHeader) {
        JsonObject json = object(body);
        String model = string(json, "model");
        JsonObject streamOptions = object(json, "stream_options");
        String conversationId = string(json, "conversation_id");
        return new CompletionRequest(
                model,
                lastUserText(json.getValue("messages")),
                bool(json, "stream", "stream"),
                streamOptions != null && bool(streamOptions, "include_usage", "stream_options.include_usage"),
                string(json, "user"),
                conversationId != null ? conversationId : conversationHeader);
    }

    private static String lastUserText(Object messages) {
        if (!(messages instanceof JsonArray array) || array.isEmpty()) {
            throw ApiError.invalidRequest("messages", "messages must be a non-empty array");
        }
        for (int i = array.size() - 1; i >= 0; i--) {
            String param = "messages[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject message)) {
                throw ApiError.invalidRequest(param, param + " must be an object");
            }
            if (!(message.getValue("role") instanceof String role)) {
                throw ApiError.invalidRequest(param + ".role", param + ".role must be a string");
            }
            if (role.equals("user")) {
                return content(message.getValue("content"), param + ".content").strip();
            }
        }
        throw ApiError.invalidRequest("messages", "messages must contain a message with role 'user'");
    }

    /** Content is a string or an array of {@code {"type":"text","text":...}} parts. */
    private static String content(Object content, String param) {
        if (content instanceof String text) {
            return text;
        }
        if (!(content instanceof JsonArray parts)) {
            throw ApiError.invalidRequest(param, param + " must be a string or an array of text parts");
        }
        var text = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String partParam = param + "[" + i + "]";
            if (!(parts.getValue(i) instanceof JsonObject part)
                    || !"text".equals(part.getValue("type"))
                    || !(part.getValue("text") instanceof String partText)) {
                throw ApiError.invalidRequest(
                        partParam, partParam + " must be {\"type\":\"text\",\"text\":string}; only text is supported");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(partText);
        }
        return text.toString();
    }

    private static JsonObject object(Buffer body) {
        if (body == null || body.length() == 0) {
            throw ApiError.invalidRequest(null, "the request body must be a JSON object");
        }
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw ApiError.invalidRequest(null, "the request body is not valid JSON");
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        throw ApiError.invalidRequest(null, "the request body must be a JSON object");
    }

    private static String string(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw ApiError.invalidRequest(field, field + " must be a string");
    }

    private static JsonObject object(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null || value instanceof JsonObject) {
            return (JsonObject) value;
        }
        throw ApiError.invalidRequest(field, field + " must be an object");
    }

    private static boolean bool(JsonObject json, String field, String param) {
        Object value = json.getValue(field);
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        throw ApiError.invalidRequest(param, param + " must be a boolean");
    }
}
