package io.switchboard.runtime.model;

import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ToolChoice;
import java.util.List;

/**
 * Per-call settings a developer-API client asked for, over the app's {@link ModelSettings}. Every
 * field is null (or empty) when not asked for; the provider's or the app's default then applies.
 *
 * @param maxTokens upper bound of generated tokens for this call
 * @param stop up to four stop sequences
 * @param seed a seed for deterministic sampling (OpenAI-compatible providers)
 * @param user the end user's id as the provider sees it (OpenAI-compatible providers)
 * @param responseFormat JSON mode or a JSON schema the answer must follow
 * @param toolChoice whether the model must, may or must not call a tool
 */
public record CallOptions(
        Double temperature,
        Double topP,
        Integer maxTokens,
        List<String> stop,
        Integer seed,
        Double presencePenalty,
        Double frequencyPenalty,
        String user,
        ResponseFormat responseFormat,
        ToolChoice toolChoice) {
    public static final CallOptions NONE = new CallOptions(null, null, null, null, null, null, null, null, null, null);

    public CallOptions {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** True when nothing was asked for. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** The same options without a tool choice (for the call that must answer without tools). */
    public CallOptions withoutToolChoice() {
        return new CallOptions(
                temperature,
                topP,
                maxTokens,
                stop,
                seed,
                presencePenalty,
                frequencyPenalty,
                user,
                responseFormat,
                null);
    }
}
