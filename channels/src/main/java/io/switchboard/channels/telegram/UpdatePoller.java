package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.DurableState;
import io.switchboard.channels.spi.SharedState;
import io.switchboard.threads.EventLoop;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Long polling for one bot on exactly one cluster member: every member renews the lease
 * {@code telegram-poll:<bindingId>} every third of its TTL, and the one holding it polls. The offset
 * lives in shared state and moves past an update only after the update was accepted (deduplicated and
 * queued), so a new holder, or a restarted member, resumes where the last one stopped. It is also
 * written to durable state, where a holder starts when shared state has none (the whole cluster was
 * restarted).
 */
final class UpdatePoller {
    private static final Logger LOG = LoggerFactory.getLogger(UpdatePoller.class);
    static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");
    private static final Duration OFFSET_TTL = Duration.ofDays(30);
    private static final int BATCH = 100;

    private final String bindingId;
    private final BotClient client;
    private final SharedState shared;
    private final DurableState durable;
    private final Context context;
    private final TelegramOptions options;
    private final Function<Update, Future<Void>> accept;
    private long renewTimer = -1;
    private volatile boolean stopped;
    /** The polling thread while this member holds the lease; null otherwise. */
    private final AtomicReference<Thread> loop = new AtomicReference<>();

    UpdatePoller(
            String bindingId,
            BotClient client,
            ChannelContext channel,
            Context context,
            TelegramOptions options,
            Function<Update, Future<Void>> accept) {
        this.bindingId = bindingId;
        this.client = client;
        this.shared = channel.shared();
        this.durable = channel.durable();
        this.context = context;
        this.options = options;
        this.accept = accept;
    }

    void start() {
        context.runOnContext(v -> {
            if (stopped) {
                return;
            }
            long every = Math.max(100, options.leaseTtl().toMillis() / 3);
            renewTimer = context.owner().setPeriodic(0, every, t -> renew());
        });
    }

    /** Stops renewing and polling; the lease then lapses after its TTL and another member takes over. */
    void stop() {
        stopped = true;
        context.runOnContext(v -> context.owner().cancelTimer(renewTimer));
        Thread running = loop.getAndSet(null);
        if (running != null) {
            running.interrupt();
        }
    }

    static String leaseName(String bindingId) {
        return "telegram-poll:" + bindingId;
    }

    static String offsetKey(String bindingId) {
        return "telegram-offset:" + bindingId;
    }

    private void renew() {
        shared.holdLease(leaseName(bindingId), options.leaseTtl()).onComplete(held -> {
            if (stopped) {
                return;
            }
            if (held.succeeded() && held.result()) {
                if (loop.get() != null) {
                    return; // renewed; already polling
                }
                // Published before it starts: the thread checks that it is still the current loop.
                Thread thread = VirtualThreads.unstarted("telegram-poll-" + bindingId, this::poll);
                if (loop.compareAndSet(null, thread)) {
                    LOG.info("telegram binding {}: this member polls for updates", bindingId);
                    thread.start();
                }
            } else {
                Thread running = loop.getAndSet(null);
                if (running != null) {
                    LOG.info("telegram binding {}: polling lease lost; another member polls", bindingId);
                    running.interrupt();
                }
            }
        });
    }

    private void poll() {
        Thread self = Thread.currentThread();
        try {
            // getUpdates is refused while a webhook is set (e.g. left over from webhook mode).
            client.call("deleteWebhook", c -> c.execute(new DeleteWebhook()));
            while (!stopped && loop.get() == self) {
                pollOnce();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BotApiException e) {
            LOG.warn("telegram binding {}: cannot poll: {}", bindingId, e.getMessage());
        } finally {
            loop.compareAndSet(self, null); // the next renewal starts over if the lease is still ours
        }
    }

    /** The shared offset; after a whole-cluster restart, the durable one (copied back to shared state). */
    private Future<String> storedOffset() {
        String key = offsetKey(bindingId);
        return shared.get(key)
                .compose(offset -> offset != null
                        ? Future.succeededFuture(offset)
                        : durable.get(key)
                                .compose(kept -> kept == null
                                        ? Future.succeededFuture(null)
                                        : shared.put(key, kept, OFFSET_TTL).map(kept)));
    }

    private void pollOnce() throws InterruptedException {
        try {
            String stored = EventLoop.of(context).callInterruptibly(this::storedOffset);
            Integer offset = stored == null ? null : Integer.valueOf(stored);
            int timeout = (int) options.pollTimeout().toSeconds();
            List<Update> updates = client.call(
                    "getUpdates",
                    c -> c.execute(new TolerantGetUpdates(bindingId, offset, BATCH, timeout, ALLOWED_UPDATES)));
            for (Update update : updates) {
                if (stopped || Thread.currentThread().isInterrupted()) {
                    return; // unconfirmed: the next holder fetches it again, dedupe drops the repeat
                }
                EventLoop.of(context).callInterruptibly(() -> accept.apply(update));
                String next = Integer.toString(update.getUpdateId() + 1);
                EventLoop.of(context)
                        .callInterruptibly(() -> shared.put(offsetKey(bindingId), next, OFFSET_TTL)
                                .compose(v -> durable.put(offsetKey(bindingId), next, OFFSET_TTL)));
            }
        } catch (BotApiException e) {
            if (stopped || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            Duration pause = switch (e.kind()) {
                case BAD_TOKEN -> options.leaseTtl();
                case RATE_LIMITED -> e.retryAfter();
                default -> options.retryBackoff();
            };
            LOG.warn("telegram binding {}: getUpdates failed ({}); again in {}", bindingId, e.getMessage(), pause);
            Thread.sleep(pause);
        } catch (RuntimeException e) {
            LOG.warn("telegram binding {}: update not accepted ({}); fetching it again", bindingId, e.toString());
            Thread.sleep(options.retryBackoff());
        }
    }
}
