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
        Clock clock) {
    public static final int DEFAULT_PER_MEMBER_PER_MINUTE = 30;

    public WeComOptions {
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

    public static WeComOptions defaults() {
        return new WeComOptions(
                Duration.ofMinutes(5),
                Duration.ofMinutes(11),
                DEFAULT_PER_MEMBER_PER_MINUTE,
                Duration.ofMinutes(1),
                3,
                Duration.ofMillis(200),
                Duration.ofSeconds(3),
                64 * 1024,
                Clock.systemUTC());
    }

    public WeComOptions withRate(int perMemberPerMinute, Duration rateWindow) {
        return new WeComOptions(
                replayWindow,
                dedupeTtl,
                perMemberPerMinute,
                rateWindow,
                sendRetries,
                sendBackoff,
                tokenLease,
                maxBodyBytes,
                clock);
    }

    public WeComOptions withSendRetries(int sendRetries, Duration sendBackoff) {
        return new WeComOptions(
                replayWindow,
                dedupeTtl,
                perMemberPerMinute,
                rateWindow,
                sendRetries,
                sendBackoff,
                tokenLease,
                maxBodyBytes,
                clock);
    }
}
