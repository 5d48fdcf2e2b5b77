package io.switchboard.threads;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * The way back from a virtual thread to a Vert.x event loop: Vert.x APIs (shared state, timers, the
 * HTTP client, a response) are started on the loop, so their listeners and timers belong to it, and
 * the virtual thread may park until they are done. {@link VirtualThreads} is the way there.
 */
public final class EventLoop {
    private final Context context;

    private EventLoop(Context context) {
        this.context = context;
    }

    public static EventLoop of(Context context) {
        return new EventLoop(context);
    }

    public Context context() {
        return context;
    }

    /** Runs {@code action} on the loop (writing a response, say) without waiting. */
    public void run(Runnable action) {
        context.runOnContext(v -> action.run());
    }

    /** Starts {@code operation} on the loop without waiting; its result. */
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

    /** Starts {@code operation} on the loop and parks the calling virtual thread for its result. */
    public <T> T call(Supplier<Future<T>> operation) {
        return VirtualThreads.await(start(operation));
    }

    /** As {@link #call}, for loops that stop when interrupted. */
    public <T> T callInterruptibly(Supplier<Future<T>> operation) throws InterruptedException {
        return VirtualThreads.awaitInterruptibly(start(operation));
    }
}
