package io.switchboard.tracing;

import java.util.function.Supplier;

/**
 * One operation of a trace: a channel's message, a turn, a retrieval, a model or tool call, a workflow
 * node. Started by {@link Tracing#span}; ended exactly once by {@link #end()} (or by {@link #call}).
 * Attributes are ids, counts, names and statuses, never message bodies, prompts, arguments or secrets.
 * While tracing is off every span is {@link #NOOP}: each call returns at once and allocates nothing.
 * A span may be ended on another thread than the one that started it; attributes may be set from any.
 */
public interface TraceSpan {
    /** The span of a process without tracing: records nothing, propagates nothing. */
    TraceSpan NOOP = new NoopSpan();

    /** What the span is to the peer that caused it (OpenTelemetry's span kinds). */
    enum Kind {
        INTERNAL,
        /** An inbound request: a developer-API call, a platform's webhook. */
        SERVER,
        /** An outbound request: a model provider, a tool's HTTP API. */
        CLIENT,
        /** A message taken from a queue or a poll (Telegram getUpdates, a WeCom long connection). */
        CONSUMER
    }

    /** Sets a string attribute; a null value is left out. */
    TraceSpan set(String key, String value);

    TraceSpan set(String key, long value);

    TraceSpan set(String key, boolean value);

    /** Marks the span failed with {@code failure}'s type (never its message, which may quote user text). */
    TraceSpan fail(Throwable failure);

    /** Marks the span failed with a short description of ours (a status, an error code). */
    TraceSpan fail(String description);

    /** Makes this span the parent of the spans started on this thread until the scope closes. */
    TraceScope activate();

    /** Ends the span; later calls are ignored. */
    void end();

    /** The trace's 32 hex digits, or an empty string for {@link #NOOP}. */
    String traceId();

    /** This span's 16 hex digits, or an empty string for {@link #NOOP}. */
    String spanId();

    /**
     * Runs {@code work} with this span current, marks it failed when {@code work} throws, and ends it.
     * The usual way to trace a block: {@code return Tracing.span("retrieval").set(...).call(() -> ...)}.
     */
    default <T> T call(Supplier<T> work) {
        try (TraceScope scope = activate()) {
            return work.get();
        } catch (RuntimeException | Error failure) {
            fail(failure);
            throw failure;
        } finally {
            end();
        }
    }

    /** As {@link #call}, for work without a result. */
    default void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
