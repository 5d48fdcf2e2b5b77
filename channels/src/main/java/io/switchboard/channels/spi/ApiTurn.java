package io.switchboard.channels.spi;

import java.util.List;

/**
 * What a developer-API client sent beyond its question (see {@link InboundMessage#api()}).
 *
 * @param stateless true when the request's messages are the whole conversation (no {@code conversation_id})
 * @param messages the client's messages without system ones, oldest first: all of them when stateless,
 *     otherwise from the last user message on
 * @param systemMessage the client's system and developer messages joined, or null
 * @param sampling never null
 * @param responseFormatJson the {@code response_format} object as JSON, or null
 * @param toolsJson the {@code tools} array as JSON, or null
 * @param toolChoiceJson the {@code tool_choice} as JSON, or null
 */
public record ApiTurn(
        boolean stateless,
        List<Message> messages,
        String systemMessage,
        Sampling sampling,
        String responseFormatJson,
        String toolsJson,
        String toolChoiceJson) {
    public ApiTurn {
        messages = messages == null ? List.of() : List.copyOf(messages);
        sampling = sampling == null ? Sampling.NONE : sampling;
    }

    /** {@code user}, {@code assistant} (text and/or tool calls) or {@code tool} (a function's result). */
    public record Message(String role, String text, List<ToolCall> toolCalls, String toolCallId) {
        public Message {
            text = text == null ? "" : text;
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }
    }

    /** A function call: the model asked for it, the client runs it. */
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
