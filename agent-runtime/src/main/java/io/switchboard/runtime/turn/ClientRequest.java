package io.switchboard.runtime.turn;

import java.util.List;

/**
 * What a developer-API client sent beyond its question: the OpenAI way of calling a chat model.
 *
 * @param stateless true when the request's messages are the whole conversation (no
 *     {@code conversation_id}): Switchboard's memory is neither read nor written
 * @param messages the client's conversation without system messages, oldest first: all of it when
 *     stateless, otherwise from the last user message on (a function-calling round trip's assistant
 *     {@code tool_calls} and {@code tool} results)
 * @param systemMessage the client's system and developer messages joined, or null
 * @param sampling the client's sampling parameters; never null
 * @param responseFormatJson the client's {@code response_format} object, or null
 * @param toolsJson the client's {@code tools} array, or null
 * @param toolChoiceJson the client's {@code tool_choice} (a JSON string or object), or null
 */
public record ClientRequest(
        boolean stateless,
        List<Message> messages,
        String systemMessage,
        Sampling sampling,
        String responseFormatJson,
        String toolsJson,
        String toolChoiceJson) {
    public ClientRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        sampling = sampling == null ? Sampling.NONE : sampling;
        systemMessage = systemMessage == null || systemMessage.isBlank() ? null : systemMessage;
    }

    /** True when the client sent tools for the model to call. */
    public boolean hasTools() {
        return toolsJson != null;
    }

    /** One message: {@code user}, {@code assistant} (text and/or tool calls) or {@code tool} (a result). */
    public record Message(Role role, String text, List<ToolCall> toolCalls, String toolCallId) {
        public Message {
            if (role == null) {
                throw new IllegalArgumentException("role is required");
            }
            text = text == null ? "" : text;
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        public enum Role {
            USER,
            ASSISTANT,
            TOOL
        }
    }

    /** A function call the model asked for (the client runs it). */
    public record ToolCall(String id, String name, String arguments) {}

    /** Sampling parameters; null fields take the app's or the provider's default. */
    public record Sampling(
            Double temperature,
            Double topP,
            Integer maxTokens,
            List<String> stop,
            Integer seed,
            Double presencePenalty,
            Double frequencyPenalty,
            String user) {
        public static final Sampling NONE = new Sampling(null, null, null, null, null, null, null, null);

        public Sampling {
            stop = stop == null ? List.of() : List.copyOf(stop);
        }
    }
}
