package io.switchboard.channels.testing;

import io.switchboard.channels.spi.DurableState;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link DurableState} in memory for channel tests: it outlives {@link
 * InMemorySharedState#restartCluster()}, as the database outlives a restart of every member, and can be
 * made to fail as an unreachable database does.
 */
public final class InMemoryDurableState implements DurableState {
    private record Stored(String value, long expiresAtNanos) {
        boolean live() {
            return System.nanoTime() < expiresAtNanos;
        }
    }

    private final Map<String, Stored> entries = new ConcurrentHashMap<>();
    private volatile boolean down;

    /** While true, every call fails, as when the database cannot be reached. */
    public void down(boolean down) {
        this.down = down;
    }

    @Override
    public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
        if (down) {
            return unreachable();
        }
        boolean[] stored = {false};
        entries.compute(key, (k, old) -> {
            if (old != null && old.live()) {
                return old;
            }
            stored[0] = true;
            return stored(value, ttl);
        });
        return Future.succeededFuture(stored[0]);
    }

    @Override
    public Future<Void> put(String key, String value, Duration ttl) {
        if (down) {
            return unreachable();
        }
        entries.put(key, stored(value, ttl));
        return Future.succeededFuture();
    }

    @Override
    public Future<String> get(String key) {
        if (down) {
            return unreachable();
        }
        Stored entry = entries.get(key);
        return Future.succeededFuture(entry != null && entry.live() ? entry.value() : null);
    }

    @Override
    public Future<List<Entry>> list(String keyPrefix, String valuePrefix, int limit) {
        if (down) {
            return unreachable();
        }
        return Future.succeededFuture(entries.entrySet().stream()
                .filter(e -> e.getKey().startsWith(keyPrefix)
                        && e.getValue().live()
                        && e.getValue().value().startsWith(valuePrefix))
                .sorted(Comparator.comparingLong(e -> e.getValue().expiresAtNanos()))
                .limit(limit)
                .map(e -> new Entry(e.getKey(), e.getValue().value()))
                .toList());
    }

    private static Stored stored(String value, Duration ttl) {
        return new Stored(value, System.nanoTime() + ttl.toNanos());
    }

    private static <T> Future<T> unreachable() {
        return Future.failedFuture(new IllegalStateException("durable state is down (test)"));
    }
}
