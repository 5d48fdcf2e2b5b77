package io.switchboard.runtime.model;

/** What a model answered; token counts are 0 when the provider did not report usage. */
public record ModelAnswer(String text, int inputTokens, int outputTokens) {}
