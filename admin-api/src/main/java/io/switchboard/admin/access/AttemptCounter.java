package io.switchboard.admin.access;

/**
 * Failed-login counters by key, shared by every member that uses the same counter (Hazelcast in a
 * cluster). Each update is atomic per key; a key is forgotten {@code windowMillis} after its last failure.
 */
public interface AttemptCounter {
    /** The key's state; {@link Attempts#NONE} when unknown. */
    Attempts get(String key);

    /** Counts one failure and applies {@code policy}'s lock; returns the new state. */
    Attempts fail(String key, long nowMillis, LoginPolicy.Rule rule, long windowMillis);

    void clear(String key);

    /** Failures so far and the time (epoch ms) before which the key is locked (0: not locked). */
    record Attempts(int failures, long lockedUntilMillis) implements java.io.Serializable {
        public static final Attempts NONE = new Attempts(0, 0);

        /** The state after one more failure at {@code now} under {@code rule}. */
        public Attempts next(long nowMillis, LoginPolicy.Rule rule) {
            int count = failures + 1;
            long lock = rule.lockMillis(count);
            return new Attempts(count, lock > 0 ? Math.max(lockedUntilMillis, nowMillis + lock) : lockedUntilMillis);
        }
    }
}
