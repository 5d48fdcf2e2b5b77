package io.switchboard.channels.api;

import io.switchboard.channels.spi.ApiTurn;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An OpenAI chat completion request as Switchboard takes it. With a {@code conversation_id} the
 * conversation is stateful (Switchboard remembers it; the messages after the last user message are
 * kept for a function-calling round trip); without one it is stateless (the messages are the
 * conversation). Parameters Switchboard cannot honour are refused with a 400 naming them, never
 * ignored.
 *
 * @param model must name the key's app
 * @param text the last user message without control characters, trimmed; never empty
 * @param stream whether to answer as server-sent events
 * @param includeUsage whether a streamed answer ends with a usage chunk
 * @param user the end user's id, or null
 * @param conversationId the conversation to continue, or null for a stateless request
 * @param api the rest: messages, system message, sampling, response format, tools
 */
record CompletionRequest(
        String model,
        String text,
        boolean stream,
        boolean includeUsage,
        String user,
        String conversationId,
        ApiTurn api) {
    static final Pattern CONVERSATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_TEXT_CHARS = 32_000;
    static final int MAX_USER_CHARS = 256;
    static final int MAX_MESSAGES = 1000;

    /** Accepted, with nothing to do for Switchboard (OpenAI's storage, billing and tool-call options). */
    private static final Set<String> ACCEPTED = Set.of(
            "model",
            "messages",
            "stream",
            "stream_options",
            "user",
            "conversation_id",
            "temperature",
            "top_p",
            "max_tokens",
            "max_completion_tokens",
            "stop",
            "seed",
            "presence_penalty",
            "frequency_penalty",
            "response_format",
            "tools",
            "tool_choice",
            "parallel_tool_calls",
            "n",
            "logprobs",
            "logit_bias",
            "modalities",
            "store",
            "metadata",
            "service_tier");

    /** Known OpenAI parameters Switchboard does not support, and why. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "top_logprobs", "log probabilities are not supported",
            "audio", "audio output is not supported",
            "prediction", "predicted outputs are not supported",
            "functions", "'functions' is deprecated by OpenAI; send 'tools' instead",
            "function_call", "'function_call' is deprecated by OpenAI; send 'tool_choice' instead",
            "reasoning_effort", "reasoning_effort is not supported",
            "web_search_options", "web search is not supported");

    CompletionRequest {
        if (model == null || model.isBlank()) {
            throw ApiError.invalidRequest("model", "you must provide a model parameter");
        }
        if (user != null && (user.isBlank() || user.codePointCount(0, user.length()) > MAX_USER_CHARS)) {
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
     * @param traceParent the W3C {@code traceparent} header, or null
     * @param traceState the W3C {@code tracestate} header, or null
     */
    static CompletionRequest parse(Buffer body, String conversationHeader, String traceParent, String traceState) {
        JsonObject json = object(body);
        for (String field : json.fieldNames()) {
            if (UNSUPPORTED.containsKey(field)) {
                throw ApiError.invalidRequest(field, UNSUPPORTED.get(field) + " (parameter '" + field + "')");
            }
            if (!ACCEPTED.contains(field)) {
                throw ApiError.invalidRequest(field, "Unrecognized request argument supplied: " + field);
            }
        }
        refuseUnsupportedValues(json);
        String model = string(json, "model");
        JsonObject streamOptions = object(json, "stream_options");
        String conversationId = string(json, "conversation_id");
        if (conversationId == null) {
            conversationId = conversationHeader;
        }
        boolean stateless = conversationId == null;
        Messages messages = Messages.parse(json.getValue("messages"));
        String user = string(json, "user");
        return new CompletionRequest(
                model,
                messages.lastUserText,
                bool(json, "stream", "stream"),
                streamOptions != null && bool(streamOptions, "include_usage", "stream_options.include_usage"),
                user,
                conversationId,
                new ApiTurn(
                        stateless,
                        stateless
                                ? messages.conversation
                                : messages.conversation.subList(messages.lastUserIndex, messages.conversation.size()),
                        messages.system.isEmpty() ? null : String.join("\n\n", messages.system),
                        sampling(json, user),
                        json.getValue("response_format") == null
                                ? null
                                : object(json, "response_format").encode(),
                        json.getValue("tools") == null
                                ? null
                                : array(json, "tools").encode(),
                        json.getValue("tool_choice") == null ? null : Json.encode(json.getValue("tool_choice")),
                        traceParent,
                        traceState));
    }

    /** Parameters whose only supported value is OpenAI's default. */
    private static void refuseUnsupportedValues(JsonObject json) {
        Object n = json.getValue("n");
        if (n != null && !(n instanceof Number number && number.doubleValue() == 1)) {
            throw ApiError.invalidRequest("n", "only n = 1 is supported: one choice per request");
        }
        Object logprobs = json.getValue("logprobs");
        if (logprobs != null && !Boolean.FALSE.equals(logprobs)) {
            throw ApiError.invalidRequest("logprobs", "log probabilities are not supported (logprobs must be false)");
        }
        Object logitBias = json.getValue("logit_bias");
        if (logitBias != null && !(logitBias instanceof JsonObject bias && bias.isEmpty())) {
            throw ApiError.invalidRequest("logit_bias", "logit_bias is not supported");
        }
        Object modalities = json.getValue("modalities");
        if (modalities != null && !new JsonArray().add("text").equals(modalities)) {
            throw ApiError.invalidRequest("modalities", "only the text modality is supported");
        }
        Object parallel = json.getValue("parallel_tool_calls");
        if (parallel != null && !(parallel instanceof Boolean)) {
            throw ApiError.invalidRequest("parallel_tool_calls", "parallel_tool_calls must be a boolean");
        }
    }

    private static ApiTurn.Sampling sampling(JsonObject json, String user) {
        Integer maxTokens = integer(json, "max_tokens", 1, 1_000_000);
        Integer maxCompletionTokens = integer(json, "max_completion_tokens", 1, 1_000_000);
        if (maxTokens != null && maxCompletionTokens != null && !maxTokens.equals(maxCompletionTokens)) {
            throw ApiError.invalidRequest(
                    "max_completion_tokens", "max_tokens and max_completion_tokens differ; send one of them");
        }
        return new ApiTurn.Sampling(
                number(json, "temperature", 0, 2),
                number(json, "top_p", 0, 1),
                maxCompletionTokens != null ? maxCompletionTokens : maxTokens,
                stop(json.getValue("stop")),
                integer(json, "seed", Integer.MIN_VALUE, Integer.MAX_VALUE),
                number(json, "presence_penalty", -2, 2),
                number(json, "frequency_penalty", -2, 2),
                user);
    }

    private static List<String> stop(Object stop) {
        if (stop == null) {
            return List.of();
        }
        if (stop instanceof String one && !one.isEmpty()) {
            return List.of(one);
        }
        if (stop instanceof JsonArray array && array.size() <= 4) {
            List<String> sequences = new ArrayList<>();
            for (Object sequence : array) {
                if (!(sequence instanceof String text) || text.isEmpty()) {
                    throw ApiError.invalidRequest("stop", "stop must hold non-empty strings");
                }
                sequences.add(text);
            }
            return sequences;
        }
        throw ApiError.invalidRequest("stop", "stop must be a string or an array of up to 4 strings");
    }

    /** The request's messages: system texts, the rest of the conversation, the last user message. */
    private static final class Messages {
        private final List<String> system = new ArrayList<>();
        private final List<ApiTurn.Message> conversation = new ArrayList<>();
        private int lastUserIndex = -1;
        private String lastUserText;

        static Messages parse(Object value) {
            if (!(value instanceof JsonArray array) || array.isEmpty()) {
                throw ApiError.invalidRequest("messages", "messages must be a non-empty array");
            }
            if (array.size() > MAX_MESSAGES) {
                throw ApiError.invalidRequest("messages", "messages may hold at most " + MAX_MESSAGES + " messages");
            }
            Messages messages = new Messages();
            String lastUserParam = null;
            for (int i = 0; i < array.size(); i++) {
                String param = "messages[" + i + "]";
                if (!(array.getValue(i) instanceof JsonObject message)) {
                    throw ApiError.invalidRequest(param, param + " must be an object");
                }
                if (!(message.getValue("role") instanceof String role)) {
                    throw ApiError.invalidRequest(param + ".role", param + ".role must be a string");
                }
                String contentParam = param + ".content";
                switch (role) {
                    case "system", "developer" -> {
                        String text = clean(content(message.getValue("content"), contentParam, false));
                        if (!text.isBlank()) {
                            messages.system.add(text.strip());
                        }
                    }
                    case "user" -> {
                        String text = clean(content(message.getValue("content"), contentParam, false));
                        messages.lastUserIndex = messages.conversation.size();
                        messages.lastUserText = text.strip();
                        lastUserParam = contentParam;
                        messages.conversation.add(new ApiTurn.Message("user", text, List.of(), null));
                    }
                    case "assistant" -> {
                        String text = clean(content(message.getValue("content"), contentParam, true));
                        List<ApiTurn.ToolCall> calls = toolCalls(message.getValue("tool_calls"), param + ".tool_calls");
                        messages.conversation.add(new ApiTurn.Message("assistant", text, calls, null));
                    }
                    case "tool" -> {
                        if (!(message.getValue("tool_call_id") instanceof String id) || id.isBlank()) {
                            throw ApiError.invalidRequest(
                                    param + ".tool_call_id", param + ".tool_call_id must name the call it answers");
                        }
                        String text = clean(content(message.getValue("content"), contentParam, false));
                        messages.conversation.add(new ApiTurn.Message("tool", text, List.of(), id));
                    }
                    case "function" ->
                        throw ApiError.invalidRequest(
                                param + ".role", "role 'function' is deprecated by OpenAI; send role 'tool' instead");
                    default ->
                        throw ApiError.invalidRequest(
                                param + ".role", param + ".role must be system, developer, user, assistant or tool");
                }
            }
            if (messages.lastUserText == null) {
                throw ApiError.invalidRequest("messages", "messages must contain a message with role 'user'");
            }
            if (messages.lastUserText.isEmpty()) {
                throw ApiError.invalidRequest(
                        lastUserParam, "the last user message is empty (once control characters are removed)");
            }
            if (messages.lastUserText.codePointCount(0, messages.lastUserText.length()) > MAX_TEXT_CHARS) {
                throw ApiError.invalidRequest(
                        lastUserParam, "the last user message is longer than " + MAX_TEXT_CHARS + " characters");
            }
            return messages;
        }

        private static List<ApiTurn.ToolCall> toolCalls(Object value, String param) {
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof JsonArray array)) {
                throw ApiError.invalidRequest(param, param + " must be an array");
            }
            List<ApiTurn.ToolCall> calls = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                String callParam = param + "[" + i + "]";
                if (!(array.getValue(i) instanceof JsonObject call)
                        || !(call.getValue("id") instanceof String id)
                        || !(call.getValue("function") instanceof JsonObject function)
                        || !(function.getValue("name") instanceof String name)) {
                    throw ApiError.invalidRequest(
                            callParam,
                            callParam
                                    + " must be {\"id\",\"type\":\"function\",\"function\":{\"name\",\"arguments\"}}");
                }
                Object arguments = function.getValue("arguments");
                calls.add(new ApiTurn.ToolCall(id, name, arguments instanceof String text ? text : "{}"));
            }
            return calls;
        }
    }

    /** Control characters other than tab and line breaks go (a model may choke on them). */
    static String clean(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r';
            if (control && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            } else if (!control && out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** Content is a string or an array of {@code {"type":"text","text":...}} parts (null for an assistant's call). */
    private static String content(Object content, String param, boolean nullable) {
        if (content instanceof String text) {
            return text;
        }
        if (content == null && nullable) {
            return "";
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
            value = ApiJson.decode(body);
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

    private static JsonArray array(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value instanceof JsonArray array) {
            return array;
        }
        throw ApiError.invalidRequest(field, field + " must be an array");
    }

    private static Double number(JsonObject json, String field, double min, double max) {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number && number.doubleValue() >= min && number.doubleValue() <= max) {
            return number.doubleValue();
        }
        throw ApiError.invalidRequest(field, field + " must be a number between " + fmt(min) + " and " + fmt(max));
    }

    private static Integer integer(JsonObject json, String field, long min, long max) {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number
                && number.doubleValue() == Math.rint(number.doubleValue())
                && number.longValue() >= min
                && number.longValue() <= max) {
            return number.intValue();
        }
        throw ApiError.invalidRequest(
                field,
                min == Integer.MIN_VALUE
                        ? field + " must be a 32-bit integer"
                        : field + " must be an integer between " + min + " and " + max);
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static boolean bool(JsonObject json, String field, String param) {
        Object value = json.getValue(field);
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        throw ApiError.invalidRequest(param, param + " must be a boolean");
    }
}
