package io.switchboard.admin.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counters of one process (a single node without Hazelcast, and tests). */
public final class InMemoryAttemptCounter implements AttemptCounter {
    private record Stored(Attempts attempts, long expiresAtMillis) {}

    private final Map<String, Stored> counters = new ConcurrentHashMap<>();

    @Override
    public Attempts get(String key) {
        Stored stored = counters.get(key);
        return stored == null || stored.expiresAtMillis() < System.currentTimeMillis()
                ? Attempts.NONE
                : stored.attempts();
    }

    @Override
    public Attempts fail(String key, long nowMillis, LoginPolicy.Rule rule, long windowMillis) {
        return counters.compute(key, (k, stored) -> {
                    Attempts before =
                            stored == null || stored.expiresAtMillis() < nowMillis ? Attempts.NONE : stored.attempts();
                    return new Stored(before.next(nowMillis, rule), nowMillis + windowMillis);
                })
                .attempts();
    }

    @Override
    public void clear(String key) {
        counters.remove(key);
    }
}
