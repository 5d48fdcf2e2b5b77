package io.switchboard.channels.weixin;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.ext.web.handler.HttpException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Lets plain code on a virtual thread use Vert.x futures: the operation is started on a Vert.x
 * context (so that listeners and timers belong to an event loop) and the virtual thread parks until
 * it completes. Never call from an event loop.
 */
public final class Blocking {
    private final Context context;

    public Blocking(Context context) {
        this.context = context;
    }

    public Context context() {
        return context;
    }

    /** Starts {@code operation} on the context and waits for its result. */
    public <T> T call(Supplier<Future<T>> operation) {
        return await(start(operation));
    }

    /** Starts {@code operation} on the context without waiting. */
    public <T> Future<T> start(Supplier<Future<T>> operation) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                operation.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    /** Waits for a future; a failure is rethrown unchecked (an {@link HttpException} as is). */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    /** Waits at most {@code millis}; null when the future is not complete by then. */
    public static <T> T await(Future<T> future, long millis) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(Math.max(0, millis), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    private static RuntimeException unchecked(Throwable cause) {
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }
}
