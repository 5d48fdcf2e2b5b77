package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.DurableState;
import io.switchboard.channels.spi.SendSchedule;
import io.switchboard.channels.spi.SharedState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cluster-wide state in one JVM for channel tests: every {@link #member(String)} view sees the same
 * entries, and leases are held per member, as the Hazelcast implementation does across members. The
 * {@link #durable()} view keeps its entries apart, so that {@link #restartCluster()} can forget what
 * the cluster held while durable state stays, as after a restart of every member.
 */
final class MemorySharedState {
    private record Stored(String value, long expiresAtNanos) {
        boolean live() {
            return System.nanoTime() < expiresAtNanos;
        }
    }

    private final Vertx vertx;
    private final Map<String, Stored> entries = new ConcurrentHashMap<>();
    private final Map<String, Stored> durableEntries = new ConcurrentHashMap<>();

    MemorySharedState(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The raw value under {@code key}, or null. */
    String peek(String key) {
        Stored entry = entries.get(key);
        return entry != null && entry.live() ? entry.value() : null;
    }

    /** Forgets everything shared (not durable), as when every member stopped. */
    void restartCluster() {
        entries.clear();
    }

    /** While true, every durable call fails, as when the database cannot be reached. */
    volatile boolean durableDown;

    DurableState durable() {
        Keys keys = new Keys(durableEntries);
        return new DurableState() {
            @Override
            public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
                return durableDown ? down() : keys.putIfAbsent(key, value, ttl);
            }

            @Override
            public Future<Void> put(String key, String value, Duration ttl) {
                return durableDown ? down() : keys.put(key, value, ttl);
            }

            @Override
            public Future<String> get(String key) {
                return durableDown ? down() : keys.get(key);
            }

            @Override
            public Future<List<DurableState.Entry>> list(String keyPrefix, String valuePrefix, int limit) {
                return durableDown ? down() : keys.list(keyPrefix, valuePrefix, limit);
            }

            private static <T> Future<T> down() {
                return Future.failedFuture(new IllegalStateException("durable state is down (test)"));
            }
        };
    }

    /** Plain keys with expiry over one of the maps: the durable view, and the shared view's basis. */
    private static final class Keys implements DurableState {
        private final Map<String, Stored> map;

        Keys(Map<String, Stored> map) {
            this.map = map;
        }

        @Override
        public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
            boolean[] stored = {false};
            map.compute(key, (k, old) -> {
                if (old != null && old.live()) {
                    return old;
                }
                stored[0] = true;
                return entry(value, ttl);
            });
            return Future.succeededFuture(stored[0]);
        }

        @Override
        public Future<Void> put(String key, String value, Duration ttl) {
            map.put(key, entry(value, ttl));
            return Future.succeededFuture();
        }

        @Override
        public Future<String> get(String key) {
            Stored entry = map.get(key);
            return Future.succeededFuture(entry != null && entry.live() ? entry.value() : null);
        }

        @Override
        public Future<List<DurableState.Entry>> list(String keyPrefix, String valuePrefix, int limit) {
            return Future.succeededFuture(map.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(keyPrefix)
                            && e.getValue().live()
                            && e.getValue().value().startsWith(valuePrefix))
                    .sorted(Comparator.comparingLong(e -> e.getValue().expiresAtNanos()))
                    .limit(limit)
                    .map(e -> new DurableState.Entry(e.getKey(), e.getValue().value()))
                    .toList());
        }
    }

    SharedState member(String member) {
        Keys keys = new Keys(entries);
        return new SharedState() {
            @Override
            public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
                return keys.putIfAbsent(key, value, ttl);
            }

            @Override
            public Future<Void> put(String key, String value, Duration ttl) {
                return keys.put(key, value, ttl);
            }

            @Override
            public Future<String> get(String key) {
                return keys.get(key);
            }

            @Override
            public Future<Void> remove(String key) {
                entries.remove(key);
                return Future.succeededFuture();
            }

            @Override
            public Future<String> await(String key, Duration timeout) {
                Promise<String> promise = Promise.promise();
                long deadline = System.nanoTime() + timeout.toNanos();
                check(key, deadline, promise);
                return promise.future();
            }

            private void check(String key, long deadline, Promise<String> promise) {
                String value = peek(key);
                if (value != null || System.nanoTime() >= deadline) {
                    promise.complete(value);
                } else {
                    vertx.setTimer(5, t -> check(key, deadline, promise));
                }
            }

            @Override
            public Future<Long> book(
                    String schedule, Map<String, Long> laneIntervals, long sharedIntervalMillis, long earliestMillis) {
                long[] slot = {0};
                entries.compute("schedule:" + schedule, (k, old) -> {
                    SendSchedule.Booking booking = SendSchedule.book(
                            old != null && old.live() ? old.value() : null,
                            laneIntervals,
                            sharedIntervalMillis,
                            earliestMillis);
                    slot[0] = booking.slot();
                    return entry(booking.state(), Duration.ofMillis(booking.ttlMillis()));
                });
                return Future.succeededFuture(slot[0]);
            }

            @Override
            public Future<Boolean> holdLease(String name, Duration ttl) {
                String key = "lease:" + name;
                boolean[] held = {false};
                entries.compute(key, (k, old) -> {
                    if (old != null && old.live() && !old.value().equals(member)) {
                        return old;
                    }
                    held[0] = true;
                    return entry(member, ttl);
                });
                return Future.succeededFuture(held[0]);
            }
        };
    }

    private static Stored entry(String value, Duration ttl) {
        return new Stored(value, System.nanoTime() + ttl.toNanos());
    }
}
