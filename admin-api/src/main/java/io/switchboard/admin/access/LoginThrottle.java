package io.switchboard.admin.access;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Brute-force protection of the admin login: per account and per client address, failures beyond the
 * policy's allowance lock with a doubling backoff, across the cluster when the counter is shared.
 * Blocking (a Hazelcast round trip): call from a virtual thread.
 */
public final class LoginThrottle {
    private final AttemptCounter counter;
    private final LoginPolicy policy;
    private final Clock clock;

    public LoginThrottle(AttemptCounter counter, LoginPolicy policy, Clock clock) {
        this.counter = Objects.requireNonNull(counter, "counter");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A throttle of this process only, with the default policy. */
    public static LoginThrottle inMemory() {
        return new LoginThrottle(new InMemoryAttemptCounter(), LoginPolicy.DEFAULT, Clock.systemUTC());
    }

    /** How long the account or the address is still locked; empty when a login may be tried. */
    public Optional<Duration> lockedFor(String username, String address) {
        long now = clock.millis();
        long until = Math.max(
                counter.get(accountKey(username)).lockedUntilMillis(),
                counter.get(addressKey(address)).lockedUntilMillis());
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    /**
     * Counts a failed login.
     *
     * @return the lock it earned (account or address, the longer); empty when none yet
     */
    public Optional<Duration> failed(String username, String address) {
        long now = clock.millis();
        long window = policy.window().toMillis();
        long until = Math.max(
                counter.fail(accountKey(username), now, policy.account(), window)
                        .lockedUntilMillis(),
                counter.fail(addressKey(address), now, policy.address(), window).lockedUntilMillis());
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    /** A successful login clears the account's failures. */
    public void succeeded(String username) {
        counter.clear(accountKey(username));
    }

    private static String accountKey(String username) {
        return "account:" + username.strip().toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
