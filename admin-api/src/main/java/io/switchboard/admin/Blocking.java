package io.switchboard.admin;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs blocking store and runtime calls on virtual threads and completes the returned future back on
 * the caller's Vert.x context, so handlers never block the event loop and never touch the response
 * from a foreign thread.
 */
final class Blocking {
    private final Vertx vertx;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    Blocking(Vertx vertx) {
        this.vertx = vertx;
    }

    <T> Future<T> call(Callable<T> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        executor.execute(() -> {
            try {
                T value = work.call();
                context.runOnContext(v -> promise.complete(value));
            } catch (Throwable failure) {
                context.runOnContext(v -> promise.fail(failure));
            }
        });
        return promise.future();
    }

    /** Runs {@code work} on a virtual thread without waiting for it (streaming handlers). */
    void start(Runnable work) {
        executor.execute(work);
    }
}
