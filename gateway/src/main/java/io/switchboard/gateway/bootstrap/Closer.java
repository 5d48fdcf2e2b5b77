package io.switchboard.gateway.bootstrap;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start has started so far, released in reverse order: by {@link #startOrClose} when a later
 * step throws, and by {@link #close()} at stop. Each part of a gateway node registers what it starts
 * right after starting it, so nothing it started can be left running (an open database, a cluster
 * member, event-loop threads, sandbox processes) whichever step fails.
 */
public final class Closer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

    /** A release action (a resource's close, shutdown or stop). */
    @FunctionalInterface
    public interface Release<T> {
        void release(T resource) throws Exception;
    }

    /** A start that registers what it starts on the closer it is given. */
    @FunctionalInterface
    public interface Start<T> {
        T start(Closer closer) throws Exception;
    }

    private final String name;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private Closer(String name) {
        this.name = name;
    }

    /**
     * Runs {@code start} with a new closer and returns what it built. When it throws, everything it
     * registered so far is released in reverse order and the failure is rethrown, with failures to
     * release attached as suppressed.
     *
     * @param name what is being started, for the log
     */
    public static <T> T startOrClose(String name, Start<T> start) throws Exception {
        Closer closer = new Closer(name);
        try {
            return start.start(closer);
        } catch (Throwable failure) {
            closer.releaseAll(failure);
            throw failure;
        }
    }

    /** Registers {@code resource}, released by its own {@code close()}; returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        started.push(resource);
        return resource;
    }

    /** Registers {@code resource}, released by {@code release}; returns it. */
    public <T> T add(T resource, Release<? super T> release) {
        started.push(() -> release.release(resource));
        return resource;
    }

    /**
     * Releases everything in reverse order of registration. A failure does not stop the others: the
     * first is thrown once all were tried, later ones suppressed in it.
     */
    @Override
    public void close() throws Exception {
        Exception first = releaseAll(null);
        if (first != null) {
            throw first;
        }
    }

    private Exception releaseAll(Throwable cause) {
        Exception first = null;
        boolean interrupted = false;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                // An interrupted wait must not cut the remaining releases short: re-flag it at the end.
                interrupted |= e instanceof InterruptedException || Thread.interrupted();
                if (cause != null) {
                    cause.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
                LOG.warn("{}: a part failed to stop: {}", name, e.toString());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return first;
    }
}
