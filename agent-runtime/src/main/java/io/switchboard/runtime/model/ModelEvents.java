package io.switchboard.runtime.model;

import java.time.Duration;

/**
 * What the model invoker reports for metrics: every switch to a fallback model, chains that ran out,
 * keys taken out of rotation and circuit-breaker transitions. Called on the calling thread (or, for
 * breaker transitions, whichever thread caused them); implementations must be cheap and must not throw.
 * No method receives a key or a message.
 */
public interface ModelEvents {
    /** Reports nothing. */
    ModelEvents NONE = new ModelEvents() {};

    /** {@code from} failed for {@code reason}; {@code to} is tried next. */
    default void switched(ModelRoute from, ModelRoute to, FailoverReason reason) {}

    /** Every model of a chain of {@code models} failed; {@code last} failed for {@code reason}. */
    default void exhausted(ModelRoute last, int models, FailoverReason reason) {}

    /** Key number {@code keyIndex} (0 = {@code apiKey}) of a provider sits out for {@code coolDown}. */
    default void keyCooledDown(String providerId, int keyIndex, FailoverReason reason, Duration coolDown) {}

    /** A provider's circuit breaker changed state ({@code closed}, {@code open}, {@code half_open}). */
    default void breakerChanged(String providerId, String from, String to) {}
}
