package io.switchboard.runtime.model;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, so clients that failed together do not retry together. */
record Backoff(Duration base, Duration cap) {
    Backoff {
        if (base == null || base.isNegative()) {
            throw new IllegalArgumentException("backoff base must be zero or positive");
        }
        if (cap == null || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap must be at least the base");
        }
    }

    /** The wait before retry number {@code retry} (0 for the first retry): half fixed, half random. */
    Duration delay(int retry) {
        long factor = 1L << Math.min(retry, 30);
        long capNanos = cap.toNanos();
        long capped = base.toNanos() > capNanos / factor ? capNanos : base.toNanos() * factor;
        long half = capped / 2;
        return Duration.ofNanos(
                half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
    }
}
