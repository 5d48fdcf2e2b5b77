package io.switchboard.threads;

import io.switchboard.tracing.Tracing;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one place that makes virtual threads: blocking work (JDBC, model calls, platform SDKs, files)
 * runs here, never on an event loop. An instance is a named group whose {@link #close()} waits for the
 * work it started; the static methods start single long-lived threads (pollers, writers, warm-ups) and
 * park a virtual thread on a Vert.x future. {@link EventLoop} is the way back. Work started through an
 * instance keeps the trace span active where it was started ({@link Tracing#wrap(Runnable)}).
 */
public final class VirtualThreads implements Executor, AutoCloseable {
    private final ExecutorService executor;

    private VirtualThreads(String name) {
        this.executor = Executors.newThreadPerTaskExecutor(factory(name));
    }

    /** A group of virtual threads named {@code name-0}, {@code name-1}, …. */
    public static VirtualThreads named(String name) {
        return new VirtualThreads(name);
    }

    /**
     * Runs {@code work} on a new virtual thread. The future completes on the caller's Vert.x context when
     * it was called on one (so a handler may touch its response in the listener), otherwise directly on
     * the virtual thread — a virtual thread waiting for it is woken without an event loop in between.
     * After {@link #shutdown()} or {@link #close()} the future fails with a
     * {@link RejectedExecutionException}.
     */
    public <T> Future<T> call(Callable<T> work) {
        Context caller = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        try {
            executor.execute(Tracing.wrap(() -> {
                T value;
                try {
                    value = work.call();
                } catch (Throwable failure) {
                    complete(caller, () -> promise.fail(failure));
                    return;
                }
                complete(caller, () -> promise.complete(value));
            }));
        } catch (RejectedExecutionException stopped) {
            return Future.failedFuture(stopped); // shut down: the caller's failure path, not an exception
        }
        return promise.future();
    }

    private static void complete(Context caller, Runnable completion) {
        if (caller == null) {
            completion.run();
        } else {
            caller.runOnContext(v -> completion.run());
        }
    }

    /** Runs {@code work} on a new virtual thread without waiting for it. */
    @Override
    public void execute(Runnable work) {
        executor.execute(Tracing.wrap(work));
    }

    /** Stops taking work; what is running carries on. */
    public void shutdown() {
        executor.shutdown();
    }

    /** Stops taking work and waits for what is running. */
    @Override
    public void close() {
        executor.close();
    }

    /** Starts one virtual thread called {@code name} (a loop that lives as long as its owner, a warm-up). */
    public static Thread start(String name, Runnable work) {
        return Thread.ofVirtual().name(name).start(work);
    }

    /** A virtual thread called {@code name}, not yet started. */
    public static Thread unstarted(String name, Runnable work) {
        return Thread.ofVirtual().name(name).unstarted(work);
    }

    /** Virtual threads named {@code name-0}, {@code name-1}, … for executors with their own lifecycle. */
    public static ThreadFactory factory(String name) {
        return Thread.ofVirtual().name(name + "-", 0).factory();
    }

    /**
     * Parks the calling virtual thread until {@code future} completes. A failure is rethrown as it is when
     * unchecked, wrapped in {@link IllegalStateException} otherwise; an interrupt is kept as the thread's
     * interrupt flag. Never call on an event loop.
     */
    public static <T> T await(Future<T> future) {
        try {
            return awaitInterruptibly(future);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** As {@link #await(Future)}, for loops that stop when interrupted. */
    public static <T> T awaitInterruptibly(Future<T> future) throws InterruptedException {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    /** Waits at most {@code timeout}; null when {@code future} is not complete by then. */
    public static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage()
                    .toCompletableFuture()
                    .get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
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
