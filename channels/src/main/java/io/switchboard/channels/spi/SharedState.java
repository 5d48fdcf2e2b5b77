package io.switchboard.channels.spi;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Small pieces of state shared by every gateway member, with expiry: dedupe keys, pending replies,
 * access tokens, leases. Implemented by the gateway over the cluster's data grid, so a platform retry
 * that lands on another member sees what the first member did. Every method is safe on the event loop.
 */
public interface SharedState {
    /**
     * Stores {@code value} under {@code key} only if the key is absent — atomically across the cluster.
     *
     * @return true when this call stored it (the caller is first), false when the key was present
     */
    Future<Boolean> putIfAbsent(String key, String value, Duration ttl);

    /** Stores or replaces a value. */
    Future<Void> put(String key, String value, Duration ttl);

    /** The value, or null when absent or expired. */
    Future<String> get(String key);

    /** Removes a key; completes when removed (or absent). */
    Future<Void> remove(String key);

    /**
     * Waits for {@code key} to hold a value — stored by any member, before or after this call — and
     * returns it, or null after {@code timeout}.
     */
    Future<String> await(String key, Duration timeout);

    /**
     * Takes or renews a cluster-wide lease named {@code name} for this member: true while this member
     * holds it. Call again before {@code ttl} runs out to keep it; a member that stops renewing loses
     * it after {@code ttl}, and another member can take it. For singletons (one poller per bot, one
     * token refresher per account).
     */
    Future<Boolean> holdLease(String name, Duration ttl);

    /**
     * Reserves the earliest slot on the cluster-wide schedule named {@code key} that is at or after
     * {@code earliestMillis} and at least {@code intervalMillis} after the previous reservation on that
     * key, atomically across the cluster and in one round-trip (a send rate shared by every member).
     * The schedule's next free time becomes {@code slot + intervalMillis}. With an interval of 0 this
     * pushes the next free time to at least {@code earliestMillis} (a pause every member honours). The
     * key is forgotten once its next free time has passed by a minute.
     *
     * @param earliestMillis wall-clock epoch milliseconds; members' clocks are assumed to be in sync
     * @return the reserved slot in epoch milliseconds, never before {@code earliestMillis}
     */
    Future<Long> reserve(String key, long intervalMillis, long earliestMillis);
}
