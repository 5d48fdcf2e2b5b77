package io.switchboard.runtime.model;

import java.time.Duration;

/**
 * How a provider is protected from its own failures and from too many calls at once: a circuit breaker
 * over the last calls, a cap on concurrent calls, and how long a rejected API key sits out.
 *
 * @param failureRateThreshold percentage (1-100) of failed calls in the window that opens the breaker;
 *     an open breaker refuses calls at once, so an app's fallback answers without waiting
 * @param slidingWindowSize how many of the last calls the failure rate is computed over
 * @param minimumCalls calls the window must hold before the rate counts (no breaker trips on one failure)
 * @param openDuration how long an open breaker refuses calls before letting a few trial calls through
 * @param maxConcurrentCalls calls in flight at once; more wait up to {@code maxWait}
 * @param maxWait how long a call waits for a free slot before it fails (and the fallback is tried)
 * @param keyCoolDown how long an API key the provider rejected (401, 403) is left out of the rotation;
 *     a rate-limited key (429) sits out for the provider's {@code Retry-After} instead
 */
public record ProviderLimits(
        int failureRateThreshold,
        int slidingWindowSize,
        int minimumCalls,
        Duration openDuration,
        int maxConcurrentCalls,
        Duration maxWait,
        Duration keyCoolDown) {
    /** Declared before {@link #DEFAULT}, whose construction reads it. */
    private static final Duration MAX_DURATION = Duration.ofHours(24);

    public static final int DEFAULT_FAILURE_RATE_THRESHOLD = 50;
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 64;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_KEY_COOL_DOWN = Duration.ofMinutes(5);

    public static final ProviderLimits DEFAULT = new ProviderLimits(
            DEFAULT_FAILURE_RATE_THRESHOLD,
            DEFAULT_SLIDING_WINDOW_SIZE,
            DEFAULT_MINIMUM_CALLS,
            DEFAULT_OPEN_DURATION,
            DEFAULT_MAX_CONCURRENT_CALLS,
            DEFAULT_MAX_WAIT,
            DEFAULT_KEY_COOL_DOWN);

    public ProviderLimits {
        if (failureRateThreshold < 1 || failureRateThreshold > 100) {
            throw new IllegalArgumentException("limits.failureRateThreshold must be between 1 and 100 (percent)");
        }
        if (slidingWindowSize < 1 || slidingWindowSize > 1000) {
            throw new IllegalArgumentException("limits.slidingWindowSize must be between 1 and 1000 calls");
        }
        if (minimumCalls < 1 || minimumCalls > slidingWindowSize) {
            throw new IllegalArgumentException("limits.minimumCalls must be between 1 and limits.slidingWindowSize");
        }
        requireDuration(openDuration, "limits.openDurationMs", Duration.ofMillis(1));
        if (maxConcurrentCalls < 1 || maxConcurrentCalls > 10_000) {
            throw new IllegalArgumentException("limits.maxConcurrentCalls must be between 1 and 10000");
        }
        requireDuration(maxWait, "limits.maxWaitMs", Duration.ZERO);
        requireDuration(keyCoolDown, "limits.keyCoolDownMs", Duration.ofMillis(1));
    }

    private static void requireDuration(Duration value, String field, Duration min) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(
                    field + " must be between " + min.toMillis() + " and " + MAX_DURATION.toMillis());
        }
    }
}
