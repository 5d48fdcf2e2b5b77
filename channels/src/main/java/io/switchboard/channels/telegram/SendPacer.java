package io.switchboard.channels.telegram;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Spaces one bot's outgoing messages to Telegram's limits: {@code chatInterval} between messages to a
 * chat, {@code groupMessagesPerMinute} per group, {@code botMessagesPerSecond} for the bot, and the
 * pause a 429 asked for. Callers block (on virtual threads) until their message may go.
 */
final class SendPacer {
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final int CLEANUP_THRESHOLD = 4096;

    private final long chatIntervalNanos;
    private final int groupPerMinute;
    private final int botPerSecond;
    private final ArrayDeque<Long> botSends = new ArrayDeque<>();
    private final Map<Long, Long> chatNotBefore = new HashMap<>();
    private final Map<Long, ArrayDeque<Long>> groupSends = new HashMap<>();

    private final LongSupplier nanoTime;

    SendPacer(TelegramOptions options) {
        this(options, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds ({@link System#nanoTime()} outside tests) */
    SendPacer(TelegramOptions options, LongSupplier nanoTime) {
        this.chatIntervalNanos = options.chatInterval().toNanos();
        this.groupPerMinute = options.groupMessagesPerMinute();
        this.botPerSecond = options.botMessagesPerSecond();
        this.nanoTime = nanoTime;
    }

    /** Blocks until a message to {@code chat} may be sent, and counts it as sent. */
    void acquire(ChatRef chat) throws InterruptedException {
        long wait;
        while ((wait = tryAcquire(chat)) > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    /** Counts a message to {@code chat} as sent and returns 0, or returns how long to wait first. */
    synchronized long tryAcquire(ChatRef chat) {
        long now = nanoTime.getAsLong();
        long wait = waitNanos(chat, now);
        if (wait <= 0) {
            record(chat, now);
            return 0;
        }
        return wait;
    }

    /** After a 429: nothing more to {@code chat} for {@code pause}. */
    synchronized void pause(ChatRef chat, Duration pause) {
        long until = nanoTime.getAsLong() + pause.toNanos();
        chatNotBefore.merge(chat.id(), until, Math::max);
    }

    private long waitNanos(ChatRef chat, long now) {
        long wait = 0;
        Long notBefore = chatNotBefore.get(chat.id());
        if (notBefore != null) {
            wait = notBefore - now;
        }
        trim(botSends, now - SECOND);
        if (botSends.size() >= botPerSecond) {
            wait = Math.max(wait, botSends.peekFirst() + SECOND - now);
        }
        if (chat.group()) {
            ArrayDeque<Long> sends = groupSends.get(chat.id());
            if (sends != null) {
                trim(sends, now - MINUTE);
                if (sends.size() >= groupPerMinute) {
                    wait = Math.max(wait, sends.peekFirst() + MINUTE - now);
                }
            }
        }
        return wait;
    }

    private void record(ChatRef chat, long now) {
        botSends.addLast(now);
        chatNotBefore.put(chat.id(), now + chatIntervalNanos);
        if (chat.group()) {
            groupSends.computeIfAbsent(chat.id(), id -> new ArrayDeque<>()).addLast(now);
        }
        if (chatNotBefore.size() > CLEANUP_THRESHOLD) {
            chatNotBefore.values().removeIf(until -> until < now);
            groupSends.values().removeIf(sends -> {
                trim(sends, now - MINUTE);
                return sends.isEmpty();
            });
        }
    }

    private static void trim(ArrayDeque<Long> sends, long horizon) {
        while (!sends.isEmpty() && sends.peekFirst() < horizon) {
            sends.removeFirst();
        }
    }
}
