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
 * @param traceParent the caller's W3C {@code traceparent} header, or null: the turn's trace continues the
 *     caller's (a malformed one starts a new trace, it is never an error)
 * @param traceState the caller's W3C {@code tracestate} header, or null; passed on as it came
 */
public record ApiTurn(
        boolean stateless,
        List<Message> messages,
        String systemMessage,
        Sampling sampling,
        String responseFormatJson,
        String toolsJson,
        String toolChoiceJson,
        String traceParent,
        String traceState) {
    /** W3C limits: a version-00 traceparent is 55 characters, a tracestate at most 512. */
    private static final int MAX_TRACE_PARENT = 55;

    private static final int MAX_TRACE_STATE = 512;

    public ApiTurn {
        messages = messages == null ? List.of() : List.copyOf(messages);
        traceParent = traceParent == null || traceParent.length() > MAX_TRACE_PARENT ? null : traceParent;
        traceState =
                traceParent == null || traceState == null || traceState.length() > MAX_TRACE_STATE ? null : traceState;
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
