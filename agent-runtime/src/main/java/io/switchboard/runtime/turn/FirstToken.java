package io.switchboard.runtime.turn;

import java.util.function.Consumer;

/** Passes tokens on and notes when the first one arrived. */
final class FirstToken implements Consumer<String> {
    /** Characters per piece when a prepared answer is streamed. */
    private static final int PREPARED_CHUNK = 12;

    private final long startNanos;
    private final Consumer<String> downstream;
    private long firstNanos;

    FirstToken(long startNanos, Consumer<String> downstream) {
        this.startNanos = startNanos;
        this.downstream = downstream;
    }

    boolean streaming() {
        return downstream != null;
    }

    @Override
    public void accept(String token) {
        if (firstNanos == 0) {
            firstNanos = System.nanoTime();
        }
        if (downstream != null && !token.isEmpty()) {
            downstream.accept(token);
        }
    }

    /**
     * Hands a ready answer (Q&A pair, passage, fallback) to a streaming channel in small pieces, so it
     * reads like any streamed answer; a non-streaming channel gets it whole.
     */
    void acceptPrepared(String text) {
        if (!streaming()) {
            accept(text);
            return;
        }
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + PREPARED_CHUNK);
            // Never split a surrogate pair (emoji, rare CJK characters).
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            accept(text.substring(start, end));
            start = end;
        }
    }

    long millis(long latencyMs) {
        return firstNanos == 0 ? latencyMs : (firstNanos - startNanos) / 1_000_000;
    }
}
