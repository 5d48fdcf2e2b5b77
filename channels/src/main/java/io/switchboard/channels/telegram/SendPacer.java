package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.SharedState;
import io.switchboard.threads.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Spaces one bot's outgoing messages to Telegram's limits across the whole cluster: every send books
 * one slot on the bot's shared schedule ({@link SharedState#book}) in one round-trip — after the chat's
 * next free time ({@code chatInterval}), for a group also the group's (a minute divided by
 * {@code groupMessagesPerMinute}), and a second divided by {@code botMessagesPerSecond} away from the
 * bot's other slots — then waits for it on a Vert.x timer. A 429 pushes the chat's next free time back
 * for every member. The schedule is keyed by the bot's id (the token's public part), so two bindings
 * of one bot share it.
 */
final class SendPacer {
    private final String schedule;
    private final SharedState shared;
    private final Context context;
    private final long chatMillis;
    private final long groupMillis;
    private final long botMillis;
    private final LongSupplier clock;
    private final LongFunction<Future<Void>> waitUntil;

    /**
     * @param clock wall-clock epoch milliseconds, comparable between members
     * @param waitUntil completes once the clock has reached the given epoch millisecond
     */
    SendPacer(
            String botId,
            SharedState shared,
            Context context,
            TelegramOptions options,
            LongSupplier clock,
            LongFunction<Future<Void>> waitUntil) {
        this.schedule = "telegram-pace:" + botId;
        this.shared = shared;
        this.context = context;
        this.chatMillis = options.chatInterval().toMillis();
        this.groupMillis = ceilDiv(60_000, options.groupMessagesPerMinute());
        this.botMillis = ceilDiv(1_000, options.botMessagesPerSecond());
        this.clock = clock;
        this.waitUntil = waitUntil;
    }

    /** A pacer on the system clock that waits on {@code context}'s Vert.x timers. */
    static SendPacer create(String botId, SharedState shared, Context context, TelegramOptions options) {
        return new SendPacer(botId, shared, context, options, System::currentTimeMillis, slot -> {
            long wait = slot - System.currentTimeMillis();
            if (wait <= 0) {
                return Future.succeededFuture();
            }
            Promise<Void> promise = Promise.promise();
            context.owner().setTimer(wait, t -> promise.complete());
            return promise.future();
        });
    }

    /** Blocks the calling virtual thread until a message to {@code chat} may go, its slots reserved. */
    void acquire(ChatRef chat) throws InterruptedException {
        EventLoop.of(context).callInterruptibly(() -> pace(chat));
    }

    /** Books a slot for a message to {@code chat} and waits for it; the slot (epoch ms). */
    Future<Long> pace(ChatRef chat) {
        Map<String, Long> lanes = chat.group()
                ? Map.of(chatLane(chat), chatMillis, "group:" + chat.id(), groupMillis)
                : Map.of(chatLane(chat), chatMillis);
        return shared.book(schedule, lanes, botMillis, clock.getAsLong())
                .compose(slot -> waitUntil.apply(slot).map(slot));
    }

    /** After a 429: nothing more to {@code chat} from any member for {@code pause}. */
    void pause(ChatRef chat, Duration pause) throws InterruptedException {
        EventLoop.of(context)
                .callInterruptibly(
                        () -> shared.book(schedule, Map.of(chatLane(chat), pause.toMillis()), 0, clock.getAsLong()));
    }

    private static String chatLane(ChatRef chat) {
        return "chat:" + chat.id();
    }

    private static long ceilDiv(long total, int parts) {
        return (total + parts - 1) / parts;
    }
}
