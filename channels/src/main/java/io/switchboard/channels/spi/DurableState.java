package io.switchboard.channels.spi;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Small keyed values that outlive the whole cluster (every member stopped and started again): polling
 * offsets, handled-update markers. Implemented by the gateway over the relational store; slower than
 * {@link SharedState} (one database write per call), so channels use it beside shared state, not instead
 * of it. Every method is safe on the event loop; expired keys read as absent.
 */
public interface DurableState {
    /**
     * Stores {@code value} under {@code key} only if the key is absent or expired — atomically, also
     * between members.
     *
     * @return true when this call stored it, false when a live value was there
     */
    Future<Boolean> putIfAbsent(String key, String value, Duration ttl);

    /** Stores or replaces a value. */
    Future<Void> put(String key, String value, Duration ttl);

    /** The value, or null when absent or expired. */
    Future<String> get(String key);
}
