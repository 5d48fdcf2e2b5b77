package io.switchboard.gateway.bridge;

import io.switchboard.channels.spi.InvalidTurnException;
import io.switchboard.runtime.NotFoundException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.handler.HttpException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocking work (store, runtime) on virtual threads and completes on the caller's Vert.x context.
 * Failures become HTTP errors: a missing record 404, anything else 503 with {@code unavailable} (logged);
 * an {@link InvalidTurnException} (the caller's request) is passed on as it is.
 */
final class VirtualThreadCalls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualThreadCalls.class);

    private final Vertx vertx;
    private final String unavailable;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    VirtualThreadCalls(Vertx vertx, String unavailable) {
        this.vertx = vertx;
        this.unavailable = unavailable;
    }

    <T> Future<T> call(Callable<T> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        executor.execute(() -> {
            try {
                T value = work.call();
                context.runOnContext(v -> promise.complete(value));
            } catch (NotFoundException e) {
                context.runOnContext(v -> promise.fail(new HttpException(404, e.getMessage())));
            } catch (InvalidTurnException e) {
                context.runOnContext(v -> promise.fail(e)); // the caller's request: a 400, nothing to log
            } catch (Throwable e) {
                LOG.error("blocking call failed: {}", unavailable, e);
                context.runOnContext(v -> promise.fail(new HttpException(503, unavailable)));
            }
        });
        return promise.future();
    }

    @Override
    public void close() {
        executor.close();
    }
}
