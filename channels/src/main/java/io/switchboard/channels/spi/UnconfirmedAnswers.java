package io.switchboard.channels.spi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers a recovering member did not send again because their member died while sending them (the
 * platform may or may not have shown them): counted per channel type in this process, for the gateway's
 * {@code switchboard.channel.answers.unconfirmed} counter. Each is also logged at WARN and kept in its
 * durable record as {@code unconfirmed:}. Thread-safe.
 */
public final class UnconfirmedAnswers {
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private UnconfirmedAnswers() {}

    /** One more unconfirmed answer on {@code channelType}. */
    public static void count(String channelType) {
        COUNTS.computeIfAbsent(channelType, t -> new AtomicLong()).incrementAndGet();
    }

    /** How many so far on {@code channelType} in this process. */
    public static long of(String channelType) {
        AtomicLong count = COUNTS.get(channelType);
        return count == null ? 0 : count.get();
    }
}
