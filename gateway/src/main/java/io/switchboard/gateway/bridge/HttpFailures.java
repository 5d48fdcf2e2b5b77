package io.switchboard.gateway.bridge;

import io.switchboard.channels.spi.InvalidTurnException;
import io.switchboard.channels.spi.QuotaExceeded;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.HttpException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the bridge reports a failure of blocking work to a channel: an {@link HttpException} as it is, a
 * missing record 404, a refused quota as it is (429), an {@link InvalidTurnException} (the caller's
 * request) as it is, anything else 503 with a message saying what is unavailable (and logged).
 */
final class HttpFailures {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFailures.class);

    private HttpFailures() {}

    static RuntimeException toHttp(Throwable failure, String unavailable) {
        if (failure instanceof HttpException http) {
            return http;
        }
        if (failure instanceof QuotaExceeded quota) {
            return quota;
        }
        if (failure instanceof InvalidTurnException invalid) {
            return invalid; // the caller's request: a 400 naming the parameter, nothing to log
        }
        if (failure instanceof NotFoundException missing) {
            return new HttpException(404, missing.getMessage());
        }
        LOG.error("blocking call failed: {}", unavailable, failure);
        return new HttpException(503, unavailable);
    }

    /** Runs {@code work} on one of {@code threads}; its failure as {@link #toHttp}. */
    static <T> Future<T> call(VirtualThreads threads, String unavailable, Callable<T> work) {
        return threads.call(work).recover(failure -> Future.failedFuture(toHttp(failure, unavailable)));
    }
}
