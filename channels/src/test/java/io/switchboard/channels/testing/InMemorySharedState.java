package io.switchboard.channels.testing;

import io.switchboard.channels.spi.SendSchedule;
import io.switchboard.channels.spi.SharedState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster's {@link SharedState} in one JVM, for channel tests: every {@link #member(String)} view sees
 * the same entries, leases are held per member and expire, and waiters are woken by whichever member
 * stores the value, as with the gateway's Hazelcast implementation (both pass {@link
 * SharedStateContract}). Used directly, it is the view of a member named {@code member-1}.
 */
public final class InMemorySharedState implements SharedState {
    private record Entry(String value, long expiresAtNanos) {
        boolean live() {
            return System.nanoTime() < expiresAtNanos;
        }
    }

    private final Vertx vertx;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, List<Promise<String>>> waiters = new ConcurrentHashMap<>();
    private final AtomicInteger operations = new AtomicInteger();
    private final SharedState first;

    public InMemorySharedState(Vertx vertx) {
        this.vertx = vertx;
        this.first = member("member-1");
    }

    /** The view of the member named {@code name}: the same entries, its own leases. */
    public SharedState member(String name) {
        return new Member(name);
    }

    /** The live value under {@code key}, or null; not counted as an operation. */
    public String peek(String key) {
        Entry entry = entries.get(key);
        return entry != null && entry.live() ? entry.value() : null;
    }

    /** Keys currently held whose name starts with {@code prefix}. */
    public List<String> keys(String prefix) {
        return entries.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && e.getValue().live())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Calls made through any member's view so far. */
    public int operations() {
        return operations.get();
    }

    /** Forgets everything, as when every member stopped; waiters keep waiting. */
    public void restartCluster() {
        entries.clear();
    }

    @Override
    public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
        return first.putIfAbsent(key, value, ttl);
    }

    @Override
    public Future<Void> put(String key, String value, Duration ttl) {
        return first.put(key, value, ttl);
    }

    @Override
    public Future<String> get(String key) {
        return first.get(key);
    }

    @Override
    public Future<Void> remove(String key) {
        return first.remove(key);
    }

    @Override
    public Future<String> await(String key, Duration timeout) {
        return first.await(key, timeout);
    }

    @Override
    public Future<Boolean> holdLease(String name, Duration ttl) {
        return first.holdLease(name, ttl);
    }

    @Override
    public Future<Long> book(
            String schedule, Map<String, Long> laneIntervals, long sharedIntervalMillis, long earliestMillis) {
        return first.book(schedule, laneIntervals, sharedIntervalMillis, earliestMillis);
    }

    private final class Member implements SharedState {
        private final String name;

        Member(String name) {
            this.name = name;
        }

        @Override
        public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
            operations.incrementAndGet();
            boolean[] stored = {false};
            entries.compute(key, (k, old) -> {
                if (old != null && old.live()) {
                    return old;
                }
                stored[0] = true;
                return entry(value, ttl);
            });
            if (stored[0]) {
                wake(key, value);
            }
            return Future.succeededFuture(stored[0]);
        }

        @Override
        public Future<Void> put(String key, String value, Duration ttl) {
            operations.incrementAndGet();
            entries.put(key, entry(value, ttl));
            wake(key, value);
            return Future.succeededFuture();
        }

        @Override
        public Future<String> get(String key) {
            operations.incrementAndGet();
            return Future.succeededFuture(peek(key));
        }

        @Override
        public Future<Void> remove(String key) {
            operations.incrementAndGet();
            entries.remove(key);
            return Future.succeededFuture();
        }

        @Override
        public Future<String> await(String key, Duration timeout) {
            operations.incrementAndGet();
            Context context = vertx.getOrCreateContext();
            Promise<String> woken = Promise.promise();
            // Register first, then read: a value stored between the two is seen by one or the other.
            waiters.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(woken);
            String present = peek(key);
            if (present != null) {
                woken.tryComplete(present);
            }
            long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> woken.tryComplete(null));
            Promise<String> onCallersContext = Promise.promise();
            woken.future().onComplete(done -> {
                vertx.cancelTimer(timer);
                waiters.computeIfPresent(key, (k, list) -> {
                    list.remove(woken);
                    return list.isEmpty() ? null : list;
                });
                context.runOnContext(v -> onCallersContext.complete(done.result()));
            });
            return onCallersContext.future();
        }

        @Override
        public Future<Boolean> holdLease(String lease, Duration ttl) {
            operations.incrementAndGet();
            boolean[] held = {false};
            entries.compute("lease:" + lease, (k, old) -> {
                if (old != null && old.live() && !old.value().equals(name)) {
                    return old;
                }
                held[0] = true;
                return entry(name, ttl);
            });
            return Future.succeededFuture(held[0]);
        }

        @Override
        public Future<Long> book(
                String schedule, Map<String, Long> laneIntervals, long sharedIntervalMillis, long earliestMillis) {
            operations.incrementAndGet();
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
    }

    private void wake(String key, String value) {
        List<Promise<String>> list = waiters.get(key);
        if (list != null) {
            list.forEach(waiter -> waiter.tryComplete(value));
        }
    }

    private static Entry entry(String value, Duration ttl) {
        return new Entry(value, System.nanoTime() + ttl.toNanos());
    }
}
