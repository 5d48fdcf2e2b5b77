package io.switchboard.channels.spi;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

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

    /**
     * Live entries whose key starts with {@code keyPrefix} and whose value starts with
     * {@code valuePrefix} (both taken literally), at most {@code limit}, those expiring soonest first:
     * for finding work a stopped member left behind (e.g. accepted updates never answered).
     */
    Future<List<Entry>> list(String keyPrefix, String valuePrefix, int limit);

    /** One live key and its value. */
    record Entry(String key, String value) {}
}
