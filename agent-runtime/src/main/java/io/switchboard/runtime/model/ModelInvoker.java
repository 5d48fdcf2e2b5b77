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

    /**
     * Like {@link #invokeWithTools(ProviderConfig, ModelSettings, List, List, CallOptions, Consumer)}
     * over an app's chain of models: the first answers unless it fails (after its own retries), then
     * the next, and so on. No model is tried after a streamed token reached {@code onToken} or after a
     * provider refused the input (HTTP 400/422): that failure is the caller's. The step names the
     * model that answered ({@link ModelStep#model()}).
     *
     * @param routes at least one; the app's model first, then its fallbacks in order
     * @throws ModelFailure the last model's failure when none answered
     */
    default ModelStep invokeWithTools(
            List<ModelRoute> routes,
            List<ChatMessage> messages,
            List<ToolSpecification> tools,
            CallOptions options,
            Consumer<String> onToken) {
        ModelRoute first = routes.get(0);
        return invokeWithTools(first.provider(), first.settings(), messages, tools, options, onToken);
    }

    /** Forgets cached clients of a provider after it changed. */
    void invalidate(String providerId);
}
