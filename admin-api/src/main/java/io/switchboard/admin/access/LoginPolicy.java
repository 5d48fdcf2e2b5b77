package io.switchboard.admin.access;

import java.time.Duration;

/**
 * When failed logins lock: per account after {@code accountFreeFailures} failures, per client address after
 * {@code addressFreeFailures}; each further failure doubles the lock, from {@code baseLock} up to
 * {@code maxLock}. Counters are forgotten {@code window} after the last failure; a successful login
 * clears the account's counter (not the address's).
 */
public record LoginPolicy(
        int accountFreeFailures, int addressFreeFailures, Duration baseLock, Duration maxLock, Duration window) {
    public static final LoginPolicy DEFAULT =
            new LoginPolicy(5, 20, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1));

    public LoginPolicy {
        if (accountFreeFailures < 1 || addressFreeFailures < 1) {
            throw new IllegalArgumentException("login failures allowed before a lock must be at least 1");
        }
        if (baseLock == null
                || baseLock.isNegative()
                || baseLock.isZero()
                || maxLock == null
                || maxLock.compareTo(baseLock) < 0
                || window == null
                || window.compareTo(maxLock) < 0) {
            throw new IllegalArgumentException("login locks: 0 < baseLock <= maxLock <= window");
        }
    }

    public Rule account() {
        return new Rule(accountFreeFailures, baseLock.toMillis(), maxLock.toMillis());
    }

    public Rule address() {
        return new Rule(addressFreeFailures, baseLock.toMillis(), maxLock.toMillis());
    }

    /** Lock time after the n-th failure: none up to {@code free}, then base, 2×base, 4×base, … up to max. */
    public record Rule(int free, long baseMillis, long maxMillis) implements java.io.Serializable {
        public long lockMillis(int failures) {
            if (failures <= free) {
                return 0;
            }
            int doublings = Math.min(30, failures - free - 1);
            return Math.min(maxMillis, baseMillis << doublings);
        }
    }
}
