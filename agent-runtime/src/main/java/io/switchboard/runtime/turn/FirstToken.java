package io.switchboard.runtime.turn;

import java.util.function.Consumer;

/** Passes tokens on and notes when the first one arrived. */
final class FirstToken implements Consumer<String> {
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

    long millis(long latencyMs) {
        return firstNanos == 0 ? latencyMs : (firstNanos - startNanos) / 1_000_000;
    }
}
