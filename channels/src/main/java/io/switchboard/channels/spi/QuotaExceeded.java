package io.switchboard.channels.spi;

import io.vertx.ext.web.handler.HttpException;

/**
 * A turn refused by a rate limit or quota: 429, the payload a message for the user, and how long to wait.
 * The web chat and the developer API answer it with {@code Retry-After}.
 */
public final class QuotaExceeded extends RuntimeException {
    private final long retryAfterSeconds;

    public QuotaExceeded(String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** As the HTTP failure the channels render: 429 with the message as payload. */
    public HttpException asHttp() {
        return new HttpException(429, getMessage());
    }

    /** {@code failure}, or its HTTP form when it is a refused quota. */
    public static Throwable unwrap(Throwable failure) {
        return failure instanceof QuotaExceeded quota ? quota.asHttp() : failure;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Sets {@code Retry-After} when {@code failure} is a refused quota. */
    public static void addRetryAfter(Throwable failure, io.vertx.core.http.HttpServerResponse response) {
        if (failure instanceof QuotaExceeded quota && !response.headWritten()) {
            response.putHeader("Retry-After", Long.toString(quota.retryAfterSeconds()));
        }
    }
}
