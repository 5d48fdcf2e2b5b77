package io.switchboard.channels.spi;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;

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
     * Books a send slot on the cluster-wide schedule named {@code schedule}, atomically and in one
     * round-trip: the earliest time at or after {@code earliestMillis} that is no earlier than the next
     * free time of each lane in {@code laneIntervals} (e.g. a chat, a group) and at least
     * {@code sharedIntervalMillis} (at most a second) away from every other slot booked on the schedule
     * (e.g. a bot's rate). Each lane's next free time becomes the slot plus its interval. A shared
     * interval of 0 books lanes only: a pause of those lanes, for their intervals, that every member
     * honours. Callers pass their current time as {@code earliestMillis}, so that the schedule can forget
     * what lies an interval behind it.
     * Rules in {@link SendSchedule}; a schedule is forgotten a minute after its last time has passed.
     *
     * @param laneIntervals lane name (no {@code ,} {@code |} or {@code =}) to its interval in ms
     * @param earliestMillis wall-clock epoch milliseconds; members' clocks are assumed to be in sync
     * @return the booked slot in epoch milliseconds, never before {@code earliestMillis}
     */
    Future<Long> book(String schedule, Map<String, Long> laneIntervals, long sharedIntervalMillis, long earliestMillis);
}
