package io.switchboard.channels.wecom;

import java.time.Clock;
import java.time.Duration;

/**
 * Timing and limits of the WeCom channel; all configurable so tests can run scaled down.
 *
 * @param replayWindow how far a callback's timestamp may be from now
 * @param dedupeTtl how long dedupe keys live; at least twice the replay window plus the platform's
 *     retries (3 × 5 s)
 * @param perMemberPerMinute messages per app and member per minute (WeCom drops the excess silently)
 * @param rateWindow the window of that limit (a minute; shorter in tests)
 * @param sendRetries extra tries of a send that failed transiently
 * @param sendBackoff pause before the first extra try; doubles each time
 * @param tokenLease how long one member may take to fetch an access token before another may
 * @param maxBodyBytes largest accepted callback body
 * @param recoveryGrace how long an accepted message may stay unanswered, its member silent, before
 *     another member answers it (see {@link io.switchboard.channels.weixin.InflightTurns})
 */
public record WeComOptions(
        Duration replayWindow,
        Duration dedupeTtl,
        int perMemberPerMinute,
        Duration rateWindow,
        int sendRetries,
        Duration sendBackoff,
        Duration tokenLease,
        int maxBodyBytes,
        Clock clock,
        Duration recoveryGrace) {
    public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DEDUPE_TTL = Duration.ofMinutes(11);
    /** WeCom drops messages beyond 30 a minute to one member of an app. */
    public static final int DEFAULT_PER_MEMBER_PER_MINUTE = 30;

    public static final Duration DEFAULT_RATE_WINDOW = Duration.ofMinutes(1);
    public static final int DEFAULT_SEND_RETRIES = 3;
    public static final Duration DEFAULT_SEND_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_TOKEN_LEASE = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** Longer than any turn should take, short enough that a user still waits for the answer. */
    public static final Duration DEFAULT_RECOVERY_GRACE = Duration.ofSeconds(60);

    public WeComOptions {
        if (recoveryGrace == null || recoveryGrace.compareTo(Duration.ofMillis(200)) < 0) {
            throw new IllegalArgumentException("recoveryGrace must be at least 200ms, got " + recoveryGrace);
        }
        for (var entry : new Object[][] {
            {replayWindow, "replayWindow"},
            {dedupeTtl, "dedupeTtl"},
            {rateWindow, "rateWindow"},
            {sendBackoff, "sendBackoff"},
            {tokenLease, "tokenLease"}
        }) {
            if (!(entry[0] instanceof Duration d) || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(entry[1] + " must be a positive duration");
            }
        }
        if (dedupeTtl.compareTo(replayWindow.multipliedBy(2).plusSeconds(15)) < 0) {
            throw new IllegalArgumentException("dedupeTtl must cover twice the replayWindow plus the platform's 15 s of"
                    + " retries, or a late retry could run a turn twice");
        }
        if (perMemberPerMinute < 1 || sendRetries < 0 || maxBodyBytes < 1024) {
            throw new IllegalArgumentException(
                    "perMemberPerMinute must be >= 1, sendRetries >= 0, maxBodyBytes >= 1024");
        }
        if (clock == null) {
            clock = Clock.systemUTC();
        }
    }

    /** WeCom's documented timing and limits. */
    public static WeComOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the {@code DEFAULT_*} values; set what differs (tests scale the timing down). */
    public static final class Builder {
        private Duration replayWindow = DEFAULT_REPLAY_WINDOW;
        private Duration dedupeTtl = DEFAULT_DEDUPE_TTL;
        private int perMemberPerMinute = DEFAULT_PER_MEMBER_PER_MINUTE;
        private Duration rateWindow = DEFAULT_RATE_WINDOW;
        private int sendRetries = DEFAULT_SEND_RETRIES;
        private Duration sendBackoff = DEFAULT_SEND_BACKOFF;
        private Duration tokenLease = DEFAULT_TOKEN_LEASE;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Clock clock = Clock.systemUTC();
        private Duration recoveryGrace = DEFAULT_RECOVERY_GRACE;

        private Builder() {}

        public Builder replayWindow(Duration replayWindow) {
            this.replayWindow = replayWindow;
            return this;
        }

        public Builder dedupeTtl(Duration dedupeTtl) {
            this.dedupeTtl = dedupeTtl;
            return this;
        }

        public Builder perMemberPerMinute(int perMemberPerMinute) {
            this.perMemberPerMinute = perMemberPerMinute;
            return this;
        }

        public Builder rateWindow(Duration rateWindow) {
            this.rateWindow = rateWindow;
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
        public WeComOptions build() {
            return new WeComOptions(
                    replayWindow,
                    dedupeTtl,
                    perMemberPerMinute,
                    rateWindow,
                    sendRetries,
                    sendBackoff,
                    tokenLease,
                    maxBodyBytes,
                    clock,
                    recoveryGrace);
        }
    }
}
