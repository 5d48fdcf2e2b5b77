package io.switchboard.channels.web;

import io.switchboard.channels.spi.DurableState;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a gateway hands the web chat no durable state (an embedding without a database): its
 * conversations live in this node's memory and end with it.
 */
final class LocalDurableState implements DurableState {
    private record Stored(String value, Instant expiresAt) {}

    private final Map<String, Stored> entries = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    @Override
    public Future<Boolean> putIfAbsent(String key, String value, Duration ttl) {
        boolean[] stored = {false};
        entries.compute(key, (k, old) -> {
            if (live(old)) {
                return old;
            }
            stored[0] = true;
            return new Stored(value, clock.instant().plus(ttl));
        });
        return Future.succeededFuture(stored[0]);
    }

    @Override
    public Future<Void> put(String key, String value, Duration ttl) {
        entries.put(key, new Stored(value, clock.instant().plus(ttl)));
        return Future.succeededFuture();
    }

    @Override
    public Future<String> get(String key) {
        Stored stored = entries.get(key);
        if (!live(stored)) {
            entries.remove(key, stored);
            return Future.succeededFuture(null);
        }
        return Future.succeededFuture(stored.value());
    }

    @Override
    public Future<List<Entry>> list(String keyPrefix, String valuePrefix, int limit) {
        return Future.succeededFuture(entries.entrySet().stream()
                .filter(e -> e.getKey().startsWith(keyPrefix)
                        && live(e.getValue())
                        && e.getValue().value().startsWith(valuePrefix))
                .sorted(Comparator.comparing(e -> e.getValue().expiresAt()))
                .limit(limit)
                .map(e -> new Entry(e.getKey(), e.getValue().value()))
                .toList());
    }

    private boolean live(Stored stored) {
        return stored != null && clock.instant().isBefore(stored.expiresAt());
    }
}
