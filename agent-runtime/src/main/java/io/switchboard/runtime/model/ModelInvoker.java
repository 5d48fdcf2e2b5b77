package io.switchboard.runtime.model;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;
import java.util.function.Consumer;

/** Calls a provider's chat model. Blocking: call from a virtual thread. */
public interface ModelInvoker {
    /**
     * Sends {@code messages} and returns the whole answer.
     *
     * @param onToken receives streamed fragments in order, or null for a non-streaming call
     * @throws ModelFailure when the provider fails after its retries; 429 and 5xx are retried with
     *     backoff, and a stream is retried only before its first token (never duplicating output)
     */
    ModelAnswer invoke(
            ProviderConfig provider, ModelSettings settings, List<ChatMessage> messages, Consumer<String> onToken);

    /**
     * Like {@link #invoke} but offers {@code tools} for native function calling; the answer is either
     * text or the calls the model asked for. Streamed text fragments (if any) reach {@code onToken};
     * streamed tool-call deltas are assembled and never reach it. Same retry rules as {@link #invoke}.
     *
     * @param tools the tools the model may call; empty behaves like {@link #invoke}
     */
    default ModelStep invokeWithTools(
            ProviderConfig provider,
            ModelSettings settings,
            List<ChatMessage> messages,
            List<ToolSpecification> tools,
            Consumer<String> onToken) {
        return invokeWithTools(provider, settings, messages, tools, CallOptions.NONE, onToken);
    }

    /**
     * Like {@link #invokeWithTools(ProviderConfig, ModelSettings, List, List, Consumer)} with a
     * developer-API client's per-call settings (sampling, stop sequences, response format, tool choice).
     *
     * @param options never null; {@link CallOptions#NONE} for the app's settings alone
     */
    ModelStep invokeWithTools(
            ProviderConfig provider,
            ModelSettings settings,
            List<ChatMessage> messages,
            List<ToolSpecification> tools,
            CallOptions options,
            Consumer<String> onToken);

    /** Forgets cached clients of a provider after it changed. */
    void invalidate(String providerId);
}
