package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.SharedState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Spaces one bot's outgoing messages to Telegram's limits across the whole cluster. A send first
 * reserves a slot on the chat's shared schedule ({@code chatInterval}; for a group also the group's,
 * a minute divided by {@code groupMessagesPerMinute}) and waits for it; only then does it reserve on
 * the bot's schedule (a second divided by {@code botMessagesPerSecond}) — so that a chat held seconds
 * ahead never books the bot's near slots and holds up other chats. When the bot's slot comes later than
 * the chat's, the chat's schedule is pushed back to the slot actually used. A 429 pushes the chat's
 * schedule back on every member. Schedules are keyed by the bot's id (the token's public part), so two
 * bindings of one bot share them. Waits are Vert.x timers; the caller's virtual thread just awaits.
 */
final class SendPacer {
    private final String prefix;
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
        this.prefix = "telegram-pace:" + botId + ":";
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
        VertxCalls.await(context, () -> pace(chat));
    }

    /** Reserves a slot for a message to {@code chat} and waits for it; the slot (epoch ms). */
    Future<Long> pace(ChatRef chat) {
        String chatKey = prefix + "chat:" + chat.id();
        String groupKey = prefix + "group:" + chat.id();
        // The chat's schedule is read even with a zero interval: it carries the pauses 429s asked for.
        Future<Long> chatSlot = shared.reserve(chatKey, chatMillis, clock.getAsLong());
        Future<Long> groupSlot =
                chat.group() ? chatSlot.compose(slot -> shared.reserve(groupKey, groupMillis, slot)) : chatSlot;
        return groupSlot
                .compose(waitUntil::apply)
                .compose(
                        v -> shared.reserve(prefix + "bot", botMillis, Math.max(clock.getAsLong(), groupSlot.result())))
                .compose(used -> pushBack(chatKey, chatMillis, chatSlot.result(), used)
                        .compose(v -> chat.group()
                                ? pushBack(groupKey, groupMillis, groupSlot.result(), used)
                                : Future.succeededFuture())
                        .compose(v -> waitUntil.apply(used))
                        .map(used));
    }

    /** After a 429: nothing more to {@code chat} from any member for {@code pause}. */
    void pause(ChatRef chat, Duration pause) throws InterruptedException {
        long until = clock.getAsLong() + pause.toMillis();
        VertxCalls.await(context, () -> shared.reserve(prefix + "chat:" + chat.id(), 0, until));
    }

    private Future<Void> pushBack(String key, long intervalMillis, long reserved, long used) {
        if (used <= reserved) {
            return Future.succeededFuture();
        }
        return shared.reserve(key, 0, used + intervalMillis).mapEmpty();
    }

    private static long ceilDiv(long total, int parts) {
        return (total + parts - 1) / parts;
    }
}
