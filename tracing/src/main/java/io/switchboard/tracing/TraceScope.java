package io.switchboard.tracing;

/**
 * A span made current on this thread (and its ids in the log MDC) until {@link #close()}, which must run
 * on the same thread, in reverse order of activation: use try-with-resources.
 */
public interface TraceScope extends AutoCloseable {
    TraceScope NOOP = () -> {};

    /** Puts back what was current before; never throws. */
    @Override
    void close();
}
