package io.switchboard.channels.telegram;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Calls into Vert.x-side APIs (turns, apps, shared state) from the channel's virtual threads. */
final class VertxCalls {
    private VertxCalls() {}

    /** Starts {@code work} on {@code context}; its result as a {@link CompletableFuture}. */
    static <T> CompletableFuture<T> start(Context context, Supplier<Future<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                work.get().onComplete(done -> {
                    if (done.succeeded()) {
                        result.complete(done.result());
                    } else {
                        result.completeExceptionally(done.cause());
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs {@code work} on {@code context} and blocks the calling virtual thread for its result. */
    static <T> T await(Context context, Supplier<Future<T>> work) throws InterruptedException {
        try {
            return start(context, work).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new CompletionException(e.getCause());
        }
    }
}
