package io.switchboard.runtime.model;

import dev.langchain4j.data.message.ChatMessage;
import io.switchboard.runtime.app.ModelSettings;
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

    /** Forgets cached clients of a provider after it changed. */
    void invalidate(String providerId);
}
