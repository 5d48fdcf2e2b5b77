package io.switchboard.runtime.model;

import java.util.Locale;

/** Why a model call gave way to the next model of an app's chain (a metric tag and a log word). */
public enum FailoverReason {
    /** HTTP 5xx. */
    SERVER_ERROR,
    /** HTTP 429 on every key that was tried. */
    RATE_LIMITED,
    /** HTTP 401 or 403 on every key that was tried. */
    KEY_REJECTED,
    /** HTTP 404: the provider does not know the model or URL. */
    NOT_FOUND,
    /** Another 4xx that is no fault of the user's input. */
    REJECTED,
    /** No complete answer within the provider's timeout. */
    TIMEOUT,
    /** Connection refused, reset or closed. */
    CONNECTION,
    /** The provider's circuit breaker is open: it was not called. */
    CIRCUIT_OPEN,
    /** The provider's concurrency limit stayed full for its whole wait. */
    BUSY,
    /** Every key of the provider is cooling down after 401 or 429. */
    KEYS_COOLING,
    /** Anything else. */
    OTHER;

    /** The lower-case name used in metrics and logs, e.g. {@code circuit_open}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
