package io.switchboard.runtime.model;

import io.switchboard.runtime.security.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A provider's API keys, handed out round-robin; a key the provider refused (401, 403) or rate-limited
 * (429) sits out until its cool-down ends. Thread-safe; the clock is injected so tests never wait.
 */
final class KeyRing {
    private final List<Secret> keys;
    private final AtomicReferenceArray<Instant> coolUntil;
    private final AtomicInteger next = new AtomicInteger();
    private final Clock clock;

    KeyRing(List<Secret> keys, Clock clock) {
        this.keys = List.copyOf(keys);
        this.coolUntil = new AtomicReferenceArray<>(Math.max(1, keys.size()));
        this.clock = clock;
    }

    /** The key to use and its number; {@code key} is null for a provider without keys. */
    record Lease(int index, Secret key) {}

    int size() {
        return keys.size();
    }

    /** The next key that is not cooling down, or null when every key is. */
    Lease take() {
        if (keys.isEmpty()) {
            return new Lease(0, null);
        }
        Instant now = clock.instant();
        int start = Math.floorMod(next.getAndIncrement(), keys.size());
        for (int i = 0; i < keys.size(); i++) {
            int index = (start + i) % keys.size();
            Instant until = coolUntil.get(index);
            if (until == null || !until.isAfter(now)) {
                return new Lease(index, keys.get(index));
            }
        }
        return null;
    }

    /** Takes key {@code index} out of the rotation for {@code coolDown} (never shortening a longer one). */
    void coolDown(int index, Duration coolDown) {
        Instant until = clock.instant().plus(coolDown);
        coolUntil.accumulateAndGet(index, until, (old, added) -> old == null || added.isAfter(old) ? added : old);
    }

    /** How long until the first cooling key is back; zero when one is available now. */
    Duration untilFirstBack() {
        Instant now = clock.instant();
        Duration soonest = null;
        for (int i = 0; i < keys.size(); i++) {
            Instant until = coolUntil.get(i);
            Duration left = until == null || !until.isAfter(now) ? Duration.ZERO : Duration.between(now, until);
            soonest = soonest == null || left.compareTo(soonest) < 0 ? left : soonest;
        }
        return soonest == null ? Duration.ZERO : soonest;
    }

    /** The cause of a failure "every key is cooling down" (no stack trace: it is an expected state). */
    static final class AllKeysCooling extends RuntimeException {
        AllKeysCooling() {
            super("every key is cooling down", null, false, false);
        }
    }
}
