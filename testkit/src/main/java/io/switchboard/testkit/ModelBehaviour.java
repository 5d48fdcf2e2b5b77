package io.switchboard.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a fake model server does with one request. Scripted behaviours are consumed one per request;
 * when the script is empty the server falls back to its default (normally {@link #echo()}).
 */
public sealed interface ModelBehaviour {

    /**
     * Answers {@code "echo: <last user message> (<n> messages)"}, so a test can see both what the model
     * was asked and how much conversation memory came with it.
     */
    static ModelBehaviour echo() {
        return new Echo();
    }

    /** Answers {@code text}; a stream delivers it as several content chunks (words, CJK characters). */
    static ModelBehaviour reply(String text) {
        return new Reply(text);
    }

    /**
     * Fails with {@code status} and the protocol's error body; a 429 carries {@code Retry-After: 1}.
     */
    static ModelBehaviour fail(int status, String message) {
        return new Fail(status, message);
    }

    /**
     * Sends the response headers at once but holds the first token (the whole body when not streaming)
     * for {@code delay}, then echoes.
     */
    static ModelBehaviour slowFirstToken(Duration delay) {
        return new SlowFirstToken(delay);
    }

    /**
     * Streams {@code chunks} content chunks of the echo answer, then closes the connection without
     * finishing the stream; a non-streaming request gets its connection closed without an answer.
     */
    static ModelBehaviour dropAfterChunks(int chunks) {
        return new DropAfterChunks(chunks);
    }

    /**
     * Answers with native function calls instead of text ({@code finish_reason: tool_calls}); a stream
     * delivers each call as OpenAI does: a first delta with id and name, then the arguments in pieces.
     */
    static ModelBehaviour callTools(ToolCall... calls) {
        return new CallTools(List.of(calls));
    }

    /** One scripted function call; {@code argumentsJson} is sent verbatim (it may be invalid on purpose). */
    record ToolCall(String id, String name, String argumentsJson) {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(argumentsJson, "argumentsJson");
        }
    }

    record CallTools(List<ToolCall> calls) implements ModelBehaviour {
        public CallTools {
            if (calls == null || calls.isEmpty()) {
                throw new IllegalArgumentException("calls must name at least one tool call");
            }
            calls = List.copyOf(calls);
        }
    }

    record Echo() implements ModelBehaviour {}

    record Reply(String text) implements ModelBehaviour {
        public Reply {
            Objects.requireNonNull(text, "text");
        }
    }

    record Fail(int status, String message) implements ModelBehaviour {
        public Fail {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status must be an HTTP error status (400-599), got " + status);
            }
            message = message == null ? "" : message;
        }
    }

    record SlowFirstToken(Duration delay) implements ModelBehaviour {
        public SlowFirstToken {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("delay must be zero or positive");
            }
        }
    }

    record DropAfterChunks(int chunks) implements ModelBehaviour {
        public DropAfterChunks {
            if (chunks < 0) {
                throw new IllegalArgumentException("chunks must be zero or positive");
            }
        }
    }
}
