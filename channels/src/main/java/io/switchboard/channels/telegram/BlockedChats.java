package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.SharedState;
import io.switchboard.threads.EventLoop;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chats that refused the bot (403: blocked, kicked), shared by every member: a refusal seen by one
 * member silences the chat for updates any member accepted before it. A user can only write to a bot
 * they have not blocked, so updates accepted after the refusal may be answered again — which is why
 * the marker only needs to outlive the queues of updates accepted before it.
 */
final class BlockedChats {
    /** Far longer than a chat's queue (a few dozen updates, each answered within minutes) takes. */
    private static final Duration MARKER_TTL = Duration.ofHours(6);

    private final String prefix;
    private final SharedState shared;
    private final Context context;
    /** Chat id → when the refused send started (epoch ms), as this member knows it: saves a lookup. */
    private final Map<Long, Long> known = new ConcurrentHashMap<>();

    BlockedChats(String botId, SharedState shared, Context context) {
        this.prefix = "telegram-gone:" + botId + ":";
        this.shared = shared;
        this.context = context;
    }

    /**
     * False when a send to this chat that started after the update behind {@code chat} was accepted
     * got a 403, on any member. Blocks the calling virtual thread for one shared-state read.
     */
    boolean canSend(ChatRef chat) throws InterruptedException {
        Long local = known.get(chat.id());
        if (local != null && chat.acceptedAtMillis() <= local) {
            return false;
        }
        String stored = EventLoop.of(context).callInterruptibly(() -> shared.get(prefix + chat.id()));
        return stored == null || chat.acceptedAtMillis() > Long.parseLong(stored);
    }

    /** A send to {@code chat} went through: forgets a local refusal older than its update. */
    void delivered(ChatRef chat) {
        known.computeIfPresent(chat.id(), (id, since) -> chat.acceptedAtMillis() > since ? null : since);
    }

    /** Records a 403 for a send to {@code chat} that started at {@code startedMillis}. */
    void refused(ChatRef chat, long startedMillis) throws InterruptedException {
        long since = known.merge(chat.id(), startedMillis, Math::max);
        EventLoop.of(context).callInterruptibly(() -> shared.put(prefix + chat.id(), Long.toString(since), MARKER_TTL));
    }
}
