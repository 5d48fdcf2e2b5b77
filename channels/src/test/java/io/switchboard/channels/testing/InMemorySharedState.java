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
 * One member's {@link SharedState} in memory, with expiry, for channel-level tests (the gateway's
 * Hazelcast implementation is tested with real members). Several adapters given the same instance
 * behave like members of one cluster.
 */
public final class InMemorySharedState implements SharedState {
    private record Entry(String value, long expiresAt) {
        boolean live() {
            return System.nanoTime() < expiresAt;
        }
    }

    private final Vertx vertx;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, List<Promise<String>>> waiters = new ConcurrentHashMap<>();
    private final AtomicInteger operations = new AtomicInteger();
    private final String member;

    public InMemorySharedState(Vertx vertx) {
        this(vertx, "member-1");
    }

    private InMemorySharedState(Vertx vertx, String member) {
        this.vertx = vertx;
        this.member = member;
    }

    /** Keys currently held whose name starts with {@code prefix}. */
    public List<String> keys(String prefix) {
        return entries.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && e.getValue().live())
                .map(Map.Entry::getKey)
                .toList();
    }

    public int operations() {
        return operations.get();
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
            return new Entry(value, expiry(ttl));
        });
        if (stored[0]) {
            notify(key, value);
        }
        return done(stored[0]);
    }

    @Override
    public Future<Void> put(String key, String value, Duration ttl) {
        operations.incrementAndGet();
        entries.put(key, new Entry(value, expiry(ttl)));
        notify(key, value);
        return done(null);
    }

    @Override
    public Future<String> get(String key) {
        operations.incrementAndGet();
        Entry entry = entries.get(key);
        return done(entry != null && entry.live() ? entry.value() : null);
    }

    @Override
    public Future<Void> remove(String key) {
        operations.incrementAndGet();
        entries.remove(key);
        return done(null);
    }

    @Override
    public Future<String> await(String key, Duration timeout) {
        operations.incrementAndGet();
        Context context = vertx.getOrCreateContext();
        Promise<String> promise = Promise.promise();
        waiters.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(promise);
        Entry entry = entries.get(key);
        if (entry != null && entry.live()) {
            promise.tryComplete(entry.value());
        }
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> promise.tryComplete(null));
        Promise<String> onContext = Promise.promise();
        promise.future().onComplete(result -> {
            vertx.cancelTimer(timer);
            waiters.computeIfPresent(key, (k, list) -> {
                list.remove(promise);
                return list.isEmpty() ? null : list;
            });
            context.runOnContext(v -> onContext.complete(result.result()));
        });
        return onContext.future();
    }

    @Override
    public Future<Boolean> holdLease(String name, Duration ttl) {
        operations.incrementAndGet();
        boolean[] held = {false};
        entries.compute("lease:" + name, (k, old) -> {
            if (old != null && old.live() && !old.value().equals(member)) {
                return old;
            }
            held[0] = true;
            return new Entry(member, expiry(ttl));
        });
        return done(held[0]);
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
            return new Entry(booking.state(), expiry(Duration.ofMillis(booking.ttlMillis())));
        });
        return done(slot[0]);
    }

    private void notify(String key, String value) {
        List<Promise<String>> list = waiters.get(key);
        if (list != null) {
            list.forEach(p -> p.tryComplete(value));
        }
    }

    private static long expiry(Duration ttl) {
        return System.nanoTime() + ttl.toNanos();
    }

    private <T> Future<T> done(T value) {
        return Future.succeededFuture(value);
    }
}
