package io.switchboard.runtime.model;

/**
 * What a model answered; token counts are 0 when the provider did not report usage.
 *
 * @param finishReason why the model stopped ({@code stop}, {@code length}, {@code content_filter})
 */
public record ModelAnswer(String text, int inputTokens, int outputTokens, String finishReason) {
    public ModelAnswer {
        finishReason = finishReason == null ? "stop" : finishReason;
    }

    public ModelAnswer(String text, int inputTokens, int outputTokens) {
        this(text, inputTokens, outputTokens, null);
    }
}
