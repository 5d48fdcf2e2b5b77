package io.switchboard.admin.sms;

import io.switchboard.admin.access.AttemptCounter;
import io.switchboard.admin.access.LoginPolicy;
import io.switchboard.runtime.access.LoginChallenge;
import io.switchboard.runtime.access.LoginChallengeStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * SMS login codes: six random digits, valid {@link Policy#codeTtl()}, used once, burnt after
 * {@link Policy#maxAttempts()} wrong answers; a new code replaces the previous one. Sending is limited per
 * phone (one per {@link Policy#resendInterval()}, {@link Policy#perPhonePerHour()} an hour) and per client
 * address ({@link Policy#perAddressPerHour()} an hour) with the login counters, which a gateway shares
 * across the cluster; codes live in the database, so any member checks what another sent.
 * Blocking: call from a virtual thread.
 */
public final class SmsCodes {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final SmsSender sender;
    private final LoginChallengeStore challenges;
    private final AttemptCounter counters;
    private final Policy policy;
    private final Clock clock;

    /** What a code is for: a login, or linking a number to the logged-in admin. */
    public enum Purpose {
        LOGIN,
        LINK
    }

    public record Policy(
            Duration codeTtl, Duration resendInterval, int perPhonePerHour, int perAddressPerHour, int maxAttempts) {
        public static final Policy DEFAULT = new Policy(Duration.ofMinutes(5), Duration.ofSeconds(60), 5, 20, 5);

        public Policy {
            if (codeTtl == null
                    || codeTtl.compareTo(Duration.ofMinutes(1)) < 0
                    || codeTtl.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("login.sms.codeTtl must be between PT1M and PT1H");
            }
            if (resendInterval == null
                    || resendInterval.isNegative()
                    || resendInterval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("login.sms.resendInterval must be between PT0S and PT1H");
            }
            if (perPhonePerHour < 1 || perAddressPerHour < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException(
                        "login.sms limits (perPhonePerHour, perAddressPerHour, maxAttempts) must be at least 1");
            }
        }
    }

    /** Sending refused by a limit; try again after {@code retryAfter}. */
    public static final class RateLimited extends RuntimeException {
        private final Duration retryAfter;

        RateLimited(String message, Duration retryAfter) {
            super(message, null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    public SmsCodes(
            SmsSender sender, LoginChallengeStore challenges, AttemptCounter counters, Policy policy, Clock clock) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Policy policy() {
        return policy;
    }

    public String senderName() {
        return sender.name();
    }

    /**
     * Sends a new code to {@code phone} (E.164), replacing an earlier one.
     *
     * @throws RateLimited when the phone or the address has sent too many
     * @throws SmsException when the provider failed (the code is then not stored)
     */
    public void send(Purpose purpose, String phone, String address) {
        send(purpose, phone, address, true);
    }

    /**
     * The same, but with {@code deliver} false only the limits are counted: a login code asked for a number
     * no admin has costs the same and sends nothing, so the answer does not tell which numbers are known.
     */
    public void send(Purpose purpose, String phone, String address, boolean deliver) {
        String addressKey = "sms-address:" + address;
        // The shared counters are readable on the cluster port: keys name a digest, not the number.
        String phoneKey = "sms-phone:" + digest(phone);
        String gapKey = "sms-gap:" + digest(phone);
        long now = clock.millis();
        // A cheap look first, so a refused request does not use up another limit...
        for (String key : new String[] {addressKey, phoneKey, gapKey}) {
            long until = counters.get(key).lockedUntilMillis();
            if (until > now) {
                throw limited(key, until - now);
            }
        }
        // ...then one atomic count per limit, which holds against members sending at the same time.
        // The narrowest limit first: a resend refused for coming too soon uses up nothing else.
        if (!policy.resendInterval().isZero()) {
            count(gapKey, 1, policy.resendInterval().toMillis(), now);
        }
        count(phoneKey, policy.perPhonePerHour(), HOUR, now);
        count(addressKey, policy.perAddressPerHour(), HOUR, now);
        if (!deliver) {
            return;
        }
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        sender.send(phone, code, (int) Math.max(1, policy.codeTtl().toMinutes()));
        challenges.put(id(purpose, phone), "sms", code, clock.instant().plus(policy.codeTtl()));
    }

    /** True, once, when {@code code} is the unexpired code last sent to {@code phone} for {@code purpose}. */
    public boolean verify(Purpose purpose, String phone, String code) {
        String id = id(purpose, phone);
        Optional<LoginChallenge> found = challenges.find(id);
        if (found.isEmpty()) {
            return false;
        }
        LoginChallenge challenge = found.get();
        if (challenge.expiredAt(clock.instant())) {
            challenges.consume(id, challenge.version());
            return false;
        }
        boolean matches = code != null
                && MessageDigest.isEqual(
                        challenge.payload().getBytes(StandardCharsets.US_ASCII),
                        code.strip().getBytes(StandardCharsets.US_ASCII));
        if (!matches) {
            if (challenges.fail(id, challenge.version()) >= policy.maxAttempts()) {
                challenges.consume(id, challenge.version());
            }
            return false;
        }
        return challenges.consume(id, challenge.version());
    }

    private void count(String key, int limit, long windowMillis, long now) {
        AttemptCounter.Attempts after =
                counters.fail(key, now, new LoginPolicy.Rule(limit, windowMillis, windowMillis), windowMillis);
        if (after.failures() > limit) {
            throw limited(key, Math.max(1000, after.lockedUntilMillis() - now));
        }
    }

    private static RateLimited limited(String key, long millis) {
        String what = key.startsWith("sms-address:")
                ? "too many SMS codes from this address"
                : key.startsWith("sms-gap:")
                        ? "an SMS code was sent to this number a moment ago"
                        : "too many SMS codes to this number";
        return new RateLimited(what, Duration.ofMillis(millis));
    }

    private static String digest(String phone) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(("switchboard-sms:" + phone).getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String id(Purpose purpose, String phone) {
        return "sms:" + purpose.name().toLowerCase(java.util.Locale.ROOT) + ":" + phone;
    }
}
