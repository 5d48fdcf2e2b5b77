package io.switchboard.channels.wechatkf;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sync_msg} loop of one account on the member holding its lease {@code wechat-kf:<binding>}.
 * It reads from the committed cursor (shared state, or durable state after a whole-cluster restart),
 * claims every customer message of the batch durably (see {@link KfTurns}), and only then commits
 * {@code next_cursor}, to shared and durable state: a holder that dies mid-batch leaves the cursor
 * before the batch, the next holder reads the batch again and the claims drop what was taken, so
 * nothing is skipped and nothing answered twice. It syncs again at once while {@code has_more}, when
 * a callback arrives (its token is used), and every poll interval otherwise.
 */
final class KfPoller {
    private static final Logger LOG = LoggerFactory.getLogger(KfPoller.class);
    private static final Duration CURSOR_TTL = Duration.ofDays(30);

    private final BoundAccount account;
    private final KfSettings settings;
    private final ChannelContext channel;
    private final WeChatKfOptions options;
    private final KfApi api;
    private final KfTurns turns;
    private volatile boolean running;
    private boolean inFlight;
    private long timer = -1;
    /** Bumped at every start and stop, so that a wait begun before is ignored. */
    private int generation;

    KfPoller(
            BoundAccount account,
            KfSettings settings,
            ChannelContext channel,
            WeChatKfOptions options,
            KfApi api,
            KfTurns turns) {
        this.account = account;
        this.settings = settings;
        this.channel = channel;
        this.options = options;
        this.api = api;
        this.turns = turns;
    }

    static String cursorKey(String bindingId) {
        return "wechat-kf-cursor:" + bindingId;
    }

    static String tokenKey(String bindingId) {
        return "wechat-kf-token:" + bindingId;
    }

    /** Set by whichever member received a callback; the holder waits on it between syncs. */
    static String wakeKey(String bindingId) {
        return "wechat-kf-wake:" + bindingId;
    }

    boolean running() {
        return running;
    }

    /** Starts syncing (this member took the lease). Event loop only. */
    void start() {
        if (!running) {
            running = true;
            generation++;
            LOG.info("wechat-kf binding {}: this member syncs messages", account.bindingId());
            turns.scan();
            sync();
        }
    }

    /** Stops after the sync in flight (lease lost or channel stopped). */
    void stop() {
        running = false;
        generation++;
        if (timer >= 0) {
            channel.vertx().cancelTimer(timer);
            timer = -1;
        }
    }

    private void sync() {
        if (!running || inFlight) {
            return;
        }
        if (timer >= 0) {
            channel.vertx().cancelTimer(timer);
            timer = -1;
        }
        inFlight = true;
        Future.all(cursor(), channel.shared().get(tokenKey(account.bindingId())))
                .compose(both -> api.syncMsg(both.resultAt(0), both.resultAt(1), settings.openKfId()))
                .compose(this::accept)
                .onComplete(done -> {
                    inFlight = false;
                    if (!running) {
                        return;
                    }
                    if (done.failed()) {
                        LOG.warn(
                                "wechat-kf binding {}: sync failed ({}); again in {}",
                                account.bindingId(),
                                done.cause().getMessage(),
                                options.retryBackoff());
                        schedule(options.retryBackoff());
                    } else if (done.result()) {
                        sync();
                    } else {
                        idle();
                    }
                });
    }

    /** Waits for a callback (any member's) or the poll interval, then syncs. */
    private void idle() {
        int current = generation;
        String key = wakeKey(account.bindingId());
        channel.shared().await(key, options.pollInterval()).onComplete(woken -> {
            if (running && generation == current) {
                channel.shared().remove(key).onComplete(v -> {
                    if (running && generation == current) {
                        sync();
                    }
                });
            }
        });
    }

    private void schedule(Duration delay) {
        int current = generation;
        timer = channel.vertx().setTimer(Math.max(1, delay.toMillis()), t -> {
            timer = -1;
            if (generation == current) {
                sync();
            }
        });
    }

    /** Claims the batch, then commits its cursor; true when more waits. */
    private Future<Boolean> accept(JsonObject batch) {
        JsonArray list = batch.getJsonArray("msg_list", new JsonArray());
        List<JsonObject> messages = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            messages.add(list.getJsonObject(i));
        }
        String next = batch.getString("next_cursor");
        return turns.claimAll(messages)
                .compose(claimed -> commit(next).map(claimed))
                .map(claimed -> {
                    claimed.forEach(turns::answer);
                    return batch.getInteger("has_more", 0) == 1;
                });
    }

    private Future<Void> commit(String next) {
        if (next == null || next.isEmpty()) {
            return Future.succeededFuture();
        }
        String key = cursorKey(account.bindingId());
        return channel.durable()
                .put(key, next, CURSOR_TTL)
                .compose(v -> channel.shared().put(key, next, CURSOR_TTL));
    }

    private Future<String> cursor() {
        String key = cursorKey(account.bindingId());
        return channel.shared()
                .get(key)
                .compose(cursor -> cursor != null
                        ? Future.succeededFuture(cursor)
                        : channel.durable().get(key));
    }
}
