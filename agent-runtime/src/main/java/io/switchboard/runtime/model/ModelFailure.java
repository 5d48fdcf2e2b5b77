package io.switchboard.runtime.model;

/**
 * A provider call failed after retries. {@link #getMessage()} is for the admin log and never contains
 * keys; the turn tells the end user in their language whether to try again.
 */
public final class ModelFailure extends RuntimeException {
    private final boolean retriable;
    private final int httpStatus;

    public ModelFailure(String message, boolean retriable, int httpStatus, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
        this.httpStatus = httpStatus;
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
