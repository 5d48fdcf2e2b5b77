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
        Clock clock) {
    public static final Duration DEFAULT_PLATFORM_DEADLINE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_PASSIVE_BUDGET = Duration.ofMillis(4300);
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public WeChatOptions {
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
        return new WeChatOptions(
                DEFAULT_PLATFORM_DEADLINE,
                3,
                DEFAULT_PASSIVE_BUDGET,
                Duration.ofMinutes(5),
                Duration.ofMinutes(11),
                Duration.ofHours(48),
                3,
                Duration.ofMillis(200),
                Duration.ofSeconds(3),
                DEFAULT_MAX_BODY_BYTES,
                Clock.systemUTC());
    }

    /** The same options with another platform deadline and passive budget (e.g. scaled down for tests). */
    public WeChatOptions withTiming(Duration platformDeadline, Duration passiveBudget) {
        return new WeChatOptions(
                platformDeadline,
                platformTries,
                passiveBudget,
                replayWindow,
                dedupeTtl,
                pendingTtl,
                sendRetries,
                sendBackoff,
                tokenLease,
                maxBodyBytes,
                clock);
    }

    public WeChatOptions withReplayWindow(Duration replayWindow, Duration dedupeTtl) {
        return new WeChatOptions(
                platformDeadline,
                platformTries,
                passiveBudget,
                replayWindow,
                dedupeTtl,
                pendingTtl,
                sendRetries,
                sendBackoff,
                tokenLease,
                maxBodyBytes,
                clock);
    }

    public WeChatOptions withSendRetries(int sendRetries, Duration sendBackoff) {
        return new WeChatOptions(
                platformDeadline,
                platformTries,
                passiveBudget,
                replayWindow,
                dedupeTtl,
                pendingTtl,
                sendRetries,
                sendBackoff,
                tokenLease,
                maxBodyBytes,
                clock);
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
