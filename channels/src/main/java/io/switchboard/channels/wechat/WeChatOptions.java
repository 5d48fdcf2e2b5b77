package io.switchboard.channels.wechat;

import java.time.Clock;
import java.time.Duration;

/**
 * Timing and limits of the official-account channel. Every timing is here so that tests can run the
 * whole protocol scaled down (a 500 ms platform deadline instead of 5 s).
 *
 * @param platformDeadline how long WeChat waits for a callback's answer before it hangs up and retries
 * @param platformTries how many times WeChat delivers one callback (3)
 * @param passiveBudget how long a callback waits for the answer before giving up on a passive reply;
 *     must leave room under {@code platformDeadline} for the reply to travel back
 * @param replayWindow how far a callback's timestamp may be from now
 * @param dedupeTtl how long dedupe keys, replies and delivery claims are kept; at least twice the
 *     replay window plus every try, so that no accepted callback outlives its key
 * @param pendingTtl how long an undelivered answer waits for the user's next message
 * @param sendRetries extra tries of a customer-service send that failed transiently
 * @param sendBackoff pause before the first extra try; doubles each time
 * @param tokenLease how long one member may take to fetch an access token before another may
 * @param maxBodyBytes largest accepted callback body
 * @param recoveryGrace how long an accepted message may stay unanswered, its member silent, before
 *     another member answers it (see {@link io.switchboard.channels.weixin.InflightTurns})
 */
public record WeChatOptions(
        Duration platformDeadline,
        int platformTries,
        Duration passiveBudget,
        Duration replayWindow,
        Duration dedupeTtl,
        Duration pendingTtl,
        int sendRetries,
        Duration sendBackoff,
        Duration tokenLease,
        int maxBodyBytes,
        Clock clock,
        Duration recoveryGrace) {
    /** WeChat hangs up on a callback after 5 s ... */
    public static final Duration DEFAULT_PLATFORM_DEADLINE = Duration.ofSeconds(5);
    /** ... and delivers it 3 times. */
    public static final int DEFAULT_PLATFORM_TRIES = 3;
    /** 0.7 s under the deadline: room for the passive reply to travel back. */
    public static final Duration DEFAULT_PASSIVE_BUDGET = Duration.ofMillis(4300);

    public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofMinutes(5);
    /**
     * At least this long; longer when the replay window and the platform's tries need it (see {@link
     * Builder#dedupeTtl}).
     */
    public static final Duration DEFAULT_DEDUPE_TTL = Duration.ofMinutes(11);
    /** A customer-service message may be sent within 48 hours of the user's last message. */
    public static final Duration DEFAULT_PENDING_TTL = Duration.ofHours(48);

    public static final int DEFAULT_SEND_RETRIES = 3;
    public static final Duration DEFAULT_SEND_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_TOKEN_LEASE = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** Longer than any turn should take, short enough that a user still waits for the answer. */
    public static final Duration DEFAULT_RECOVERY_GRACE = Duration.ofSeconds(60);

    public WeChatOptions {
        if (recoveryGrace == null || recoveryGrace.compareTo(Duration.ofMillis(200)) < 0) {
            throw new IllegalArgumentException("recoveryGrace must be at least 200ms, got " + recoveryGrace);
        }
        positive(platformDeadline, "platformDeadline");
        positive(passiveBudget, "passiveBudget");
        positive(replayWindow, "replayWindow");
        positive(dedupeTtl, "dedupeTtl");
        positive(pendingTtl, "pendingTtl");
        positive(sendBackoff, "sendBackoff");
        positive(tokenLease, "tokenLease");
        if (platformTries < 1) {
            throw new IllegalArgumentException("platformTries must be at least 1 (WeChat tries 3 times)");
        }
        if (passiveBudget.compareTo(platformDeadline) >= 0) {
            throw new IllegalArgumentException("passiveBudget must be shorter than platformDeadline, leaving time for"
                    + " the reply to reach WeChat (e.g. 4.3 s of 5 s)");
        }
        if (dedupeTtl.compareTo(replayWindow.multipliedBy(2).plus(platformDeadline.multipliedBy(platformTries + 1)))
                < 0) {
            throw new IllegalArgumentException("dedupeTtl must cover twice the replayWindow plus every try, or a late"
                    + " retry could run a turn twice");
        }
        if (sendRetries < 0 || maxBodyBytes < 1024) {
            throw new IllegalArgumentException("sendRetries must be >= 0 and maxBodyBytes >= 1024");
        }
        if (clock == null) {
            clock = Clock.systemUTC();
        }
    }

    /** WeChat's documented timing: 5 s deadline, 3 tries, 4.3 s passive budget, 5 min replay window. */
    public static WeChatOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the {@code DEFAULT_*} values; set what differs (tests scale the timing down). */
    public static final class Builder {
        private Duration platformDeadline = DEFAULT_PLATFORM_DEADLINE;
        private int platformTries = DEFAULT_PLATFORM_TRIES;
        private Duration passiveBudget = DEFAULT_PASSIVE_BUDGET;
        private Duration replayWindow = DEFAULT_REPLAY_WINDOW;
        private Duration dedupeTtl;
        private Duration pendingTtl = DEFAULT_PENDING_TTL;
        private int sendRetries = DEFAULT_SEND_RETRIES;
        private Duration sendBackoff = DEFAULT_SEND_BACKOFF;
        private Duration tokenLease = DEFAULT_TOKEN_LEASE;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Clock clock = Clock.systemUTC();
        private Duration recoveryGrace = DEFAULT_RECOVERY_GRACE;

        private Builder() {}

        public Builder platformDeadline(Duration platformDeadline) {
            this.platformDeadline = platformDeadline;
            return this;
        }

        public Builder platformTries(int platformTries) {
            this.platformTries = platformTries;
            return this;
        }

        public Builder passiveBudget(Duration passiveBudget) {
            this.passiveBudget = passiveBudget;
            return this;
        }

        public Builder replayWindow(Duration replayWindow) {
            this.replayWindow = replayWindow;
            return this;
        }

        /**
         * Unless set, {@link #DEFAULT_DEDUPE_TTL} or, when longer, what the replay window and the
         * platform's tries need: twice the window plus one deadline per try and one more.
         */
        public Builder dedupeTtl(Duration dedupeTtl) {
            this.dedupeTtl = dedupeTtl;
            return this;
        }

        public Builder pendingTtl(Duration pendingTtl) {
            this.pendingTtl = pendingTtl;
            return this;
        }

        public Builder sendRetries(int sendRetries) {
            this.sendRetries = sendRetries;
            return this;
        }

        public Builder sendBackoff(Duration sendBackoff) {
            this.sendBackoff = sendBackoff;
            return this;
        }

        public Builder tokenLease(Duration tokenLease) {
            this.tokenLease = tokenLease;
            return this;
        }

        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder recoveryGrace(Duration recoveryGrace) {
            this.recoveryGrace = recoveryGrace;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is out of range */
        public WeChatOptions build() {
            return new WeChatOptions(
                    platformDeadline,
                    platformTries,
                    passiveBudget,
                    replayWindow,
                    dedupeTtl != null ? dedupeTtl : coveringDedupeTtl(),
                    pendingTtl,
                    sendRetries,
                    sendBackoff,
                    tokenLease,
                    maxBodyBytes,
                    clock,
                    recoveryGrace);
        }

        private Duration coveringDedupeTtl() {
            if (platformDeadline == null || replayWindow == null) {
                return DEFAULT_DEDUPE_TTL; // the record names the missing setting
            }
            Duration needed = replayWindow.multipliedBy(2).plus(platformDeadline.multipliedBy(platformTries + 1L));
            return needed.compareTo(DEFAULT_DEDUPE_TTL) > 0 ? needed : DEFAULT_DEDUPE_TTL;
        }
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
