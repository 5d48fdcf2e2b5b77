package io.switchboard.runtime.model;

import java.time.Duration;

/**
 * A provider call failed after retries. {@link #getMessage()} is for the admin log and never contains
 * keys; the turn tells the end user in their language whether to try again.
 */
public final class ModelFailure extends RuntimeException {
    private final boolean retriable;
    private final int httpStatus;
    private final String providerReason;
    private final Duration retryAfter;

    public ModelFailure(String message, boolean retriable, int httpStatus, Throwable cause) {
        this(message, retriable, httpStatus, cause, null);
    }

    /** @param providerReason what the provider said about the failure (its error message), or null */
    public ModelFailure(String message, boolean retriable, int httpStatus, Throwable cause, String providerReason) {
        this(message, retriable, httpStatus, cause, providerReason, null);
    }

    /** @param retryAfter how long the provider asked to wait ({@code Retry-After}), or null */
    public ModelFailure(
            String message,
            boolean retriable,
            int httpStatus,
            Throwable cause,
            String providerReason,
            Duration retryAfter) {
        super(message, cause);
        this.retriable = retriable;
        this.httpStatus = httpStatus;
        this.providerReason = providerReason;
        this.retryAfter = retryAfter;
    }

    /** How long the provider asked callers to wait (a 429's {@code Retry-After}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * True when the provider refused this input (HTTP 400 or 422: a content filter, a parameter the
     * model does not support): the caller's request, not the service, is at fault.
     */
    public boolean inputRejected() {
        return httpStatus == 400 || httpStatus == 422;
    }

    /** The provider's own error message (never a key), or null when it gave none. */
    public String providerReason() {
        return providerReason;
    }

    /** True when trying again later may succeed (429, 5xx, timeout, dropped connection). */
    public boolean retriable() {
        return retriable;
    }

    /** The provider's HTTP status, or 0 when there was none (timeout, connection). */
    public int httpStatus() {
        return httpStatus;
    }
}
