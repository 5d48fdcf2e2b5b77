package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * One bound bot on this member: its client and sender, its intake (webhook or polling, both ending in
 * {@link #accept}), and the per-chat lanes that answer. Each {@code update_id} is accepted once across
 * the cluster through a shared-state key.
 */
final class TelegramBot {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramBot.class);
    private static final Duration SETUP_DEDUPE = Duration.ofMinutes(1);
    private static final int MAX_QUEUED_PER_CHAT = 20;

    private final BoundAccount account;
    private final String bindingId;
    private final BotSettings settings;
    private final ChannelContext channel;
    private final Context context;
    private final TelegramOptions options;
    private final BotClient client;
    private final BotSender sender;
    private final UpdateRouter router;
    private final ChatWorker worker;
    private final ChatLanes lanes;
    private final VirtualThreads turnThreads;
    private final UpdatePoller poller;
    private final InflightUpdates inflight;
    private final NoticeButtons notices;
    private volatile String username;
    /** Set by {@link #crash()}: answers in progress are abandoned, not marked done. */
    private volatile boolean crashed;

    TelegramBot(
            BoundAccount account,
            BotSettings settings,
            ChannelContext channel,
            Context context,
            TelegramOptions options,
            OkHttpClient http,
            String memberId,
            NoticeButtons notices) {
        this.account = account;
        this.notices = notices;
        this.bindingId = account.bindingId();
        this.settings = settings;
        this.channel = channel;
        this.context = context;
        this.options = options;
        this.client = new BotClient(http, settings.botToken(), options.apiBaseUrl());
        String botId = botId(settings.botToken());
        this.sender = new BotSender(
                client,
                SendPacer.create(botId, channel.shared(), context, options),
                new BlockedChats(botId, channel.shared(), context),
                options);
        this.turnThreads = VirtualThreads.named("telegram-" + bindingId + "-turn");
        this.router = new UpdateRouter(bindingId, settings, options.mediaLimits());
        this.worker = new ChatWorker(
                bindingId,
                account.appId(),
                channel,
                context,
                sender,
                options,
                new TelegramMedia(bindingId, client, options.mediaLimits()),
                turnThreads);
        this.lanes = new ChatLanes("telegram-" + bindingId, MAX_QUEUED_PER_CHAT);
        this.poller = settings.mode() == BotSettings.Mode.POLLING
                ? new UpdatePoller(bindingId, client, channel, context, options, this::accept)
                : null;
        this.inflight = new InflightUpdates(bindingId, memberId, channel, context, options, this::requeue);
    }

    /** True when this bot already runs {@code account} exactly as given (same app, same settings). */
    boolean serves(BoundAccount account) {
        return this.account.appId().equals(account.appId())
                && this.account.settings().equals(account.settings());
    }

    BotSettings settings() {
        return settings;
    }

    /** Registers the webhook (once across the cluster) or starts competing for the polling lease. */
    void start() {
        VirtualThreads.start("telegram-start-" + bindingId, this::username);
        if (poller != null) {
            // The poller deletes any webhook: a later switch back to webhook mode must register again.
            channel.shared().remove(setupKey());
            poller.start();
        } else {
            registerWebhook();
        }
        inflight.start();
    }

    /**
     * Sends a notice unprompted to a private chat (a staff member's user id), its links as URL buttons;
     * paced like every message. Blocking: virtual threads only.
     */
    void sendNotice(long chatId, io.switchboard.channels.spi.StaffNotice notice) {
        String text = notice.text().strip();
        if (text.length() > options.maxMessageLength()) {
            text = text.substring(0, options.maxMessageLength() - 1) + "…";
        }
        List<String> labels = new java.util.ArrayList<>();
        List<String> urls = new java.util.ArrayList<>();
        List<String> data = new java.util.ArrayList<>();
        notices.keyboard(notice, labels, urls, data);
        sender.sendWithButtons(new ChatRef(chatId, chatId < 0, System.currentTimeMillis()), text, labels, urls, data);
    }

    /** A press on a notice's button: acknowledged, acted on, and answered in the chat. */
    private void pressedNotice(ChatJob.Button button) {
        try {
            sender.answerCallback(button.callbackId());
        } catch (BotApiException e) {
            LOG.debug("callback answer failed: {}", e.getMessage());
        }
        String answer = notices.press(bindingId, button.chat().id(), button.data());
        try {
            sender.sendPlain(button.chat(), answer);
        } catch (BotApiException e) {
            LOG.info("telegram binding {}: the answer to a notice button was not sent: {}", bindingId, e.getMessage());
        }
    }

    /** Stops intake and interrupts answers in progress. */
    void stop() {
        inflight.stop();
        if (poller != null) {
            poller.stop();
        }
        lanes.close();
        turnThreads.shutdown();
    }

    /**
     * Dies as a killed process would, for tests: intake and recovery stop, answers in progress are
     * interrupted and queued ones dropped, and none of them is marked done.
     */
    void crash() {
        crashed = true;
        // A killed process sends nothing more: not even a retry of a call whose answer it was waiting for.
        sender.halt();
        stop();
    }

    /** Stops intake and lets accepted updates be answered until {@code deadlineNanos}; blocks until then. */
    void drain(long deadlineNanos) {
        inflight.stop();
        if (poller != null) {
            poller.stop();
        }
        lanes.drainAndClose(deadlineNanos);
    }

    /** Removes the webhook at Telegram (once across the cluster) after the binding went away. */
    void unregisterWebhook() {
        if (settings.mode() != BotSettings.Mode.WEBHOOK) {
            return;
        }
        String key = "telegram-webhook-removed:" + bindingId + ":" + fingerprint();
        channel.shared().putIfAbsent(key, "1", SETUP_DEDUPE).onSuccess(first -> {
            if (first) {
                channel.shared().remove(setupKey());
                VirtualThreads.start("telegram-unhook-" + bindingId, () -> {
                    try {
                        client.call("deleteWebhook", c -> c.execute(new DeleteWebhook()));
                        LOG.info("telegram binding {}: webhook removed", bindingId);
                    } catch (BotApiException e) {
                        LOG.warn("telegram binding {}: webhook not removed: {}", bindingId, e.getMessage());
                    }
                });
            }
        });
    }

    /**
     * Deduplicates the update across the cluster, records it as in flight (in the same durable write)
     * and queues it on its chat's lane. Succeeds once the update is safely taken (or known to be a
     * repeat, or not for us); fails only when shared or durable state is unreachable, in which case the
     * update must be delivered again.
     */
    Future<Void> accept(Update update) {
        String key = inflight.updateKey(update.getUpdateId());
        Optional<ChatRef> chat = UpdateRouter.chatOf(update);
        String record = chat.isPresent() ? inflight.record(update) : InflightUpdates.DONE;
        return claim(key, record).map(first -> {
            if (!first) {
                LOG.debug("telegram binding {}: update {} already handled", bindingId, update.getUpdateId());
            } else if (chat.isEmpty()) {
                LOG.debug("telegram binding {}: update {} is not for a chat", bindingId, update.getUpdateId());
            } else {
                queue(update, chat.get(), key, record.equals(InflightUpdates.DONE) ? null : record);
            }
            return null;
        });
    }

    /** Queues an update another member accepted and never answered; it passed dedupe already. */
    private void requeue(Update update, String key, String record) {
        Optional<ChatRef> chat = UpdateRouter.chatOf(update);
        if (chat.isEmpty()) {
            inflight.done(key);
        } else {
            queue(update, chat.get(), key, record);
        }
    }

    /** @param record the update's in-flight record as stored, or null when it has none */
    private void queue(Update update, ChatRef chat, String key, String record) {
        boolean recorded = record != null;
        AnswerJournal journal = recorded ? inflight.journal(key, record, () -> crashed) : AnswerJournal.NONE;
        boolean queued = lanes.submit(chat.id(), () -> {
            try {
                router.route(update, chat, username()).ifPresent(job -> {
                    if (job instanceof ChatJob.Button button && NoticeButtons.pressed(button.data())) {
                        pressedNotice(button);
                    } else {
                        worker.run(job, journal);
                    }
                });
            } finally {
                // Interrupted (stopping past the grace, or a crash): left in flight for another member.
                // Already done when the answer was accepted (the journal); else done now: nothing was sent,
                // or Telegram refused it, or the job sends nothing.
                if (recorded
                        && !journal.settled()
                        && !crashed
                        && !Thread.currentThread().isInterrupted()) {
                    inflight.done(key);
                }
            }
        });
        if (!queued) {
            LOG.warn(
                    "telegram binding {} chat {}: too many waiting messages; update {} dropped",
                    bindingId,
                    chat.id(),
                    update.getUpdateId());
            if (recorded && !crashed) {
                inflight.done(key);
            }
        }
    }

    /**
     * Claims the update id in shared state (cheap; catches redeliveries while the cluster runs), then
     * in durable state (catches a redelivery after every member restarted). When the durable claim
     * cannot be made the shared one is released, so that the redelivery is not taken for a repeat.
     *
     * <p>The durable claim decides. A shared claim alone proves nothing: a member killed between its
     * shared and its durable claim leaves the shared one behind (it lives on in the cluster) with no
     * in-flight record to recover, and Telegram, which got no 200, delivers the update again. So a
     * delivery the shared claim calls a repeat still tries the durable claim: it fails for a true repeat
     * (recorded in flight or done) and wins for the orphan, which is then answered (the lost update of
     * the 5,531-update chaos run). This costs a database write per redelivery only.
     */
    private Future<Boolean> claim(String key, String record) {
        return channel.shared().putIfAbsent(key, "1", options.dedupeTtl()).compose(first -> {
            if (!first) {
                return channel.durable().putIfAbsent(key, record, options.dedupeTtl());
            }
            return channel.durable()
                    .putIfAbsent(key, record, options.dedupeTtl())
                    .recover(e -> channel.shared().remove(key).transform(removed -> Future.failedFuture(e)));
        });
    }

    /** The bot's numeric id: the token's public part before the colon, the same for all its bindings. */
    static String botId(String token) {
        int colon = token.indexOf(':');
        return colon > 0 ? token.substring(0, colon) : Integer.toHexString(token.hashCode());
    }

    /** The bot's @username, asked once from getMe; null while Telegram cannot be reached. */
    private String username() {
        String known = username;
        if (known == null) {
            try {
                known = client.call("getMe", c -> c.execute(new GetMe())).getUserName();
                username = known;
            } catch (BotApiException e) {
                LOG.warn("telegram binding {}: getMe failed: {}", bindingId, e.getMessage());
            }
        }
        return known;
    }

    private void registerWebhook() {
        if (options.publicUrl().isEmpty()) {
            LOG.warn(
                    "telegram binding {}: no public URL configured; register the webhook {} by hand",
                    bindingId,
                    TelegramChannel.WEBHOOK_PREFIX + bindingId);
            return;
        }
        channel.shared().remove("telegram-webhook-removed:" + bindingId + ":" + fingerprint());
        channel.shared().putIfAbsent(setupKey(), "1", SETUP_DEDUPE).onSuccess(first -> {
            if (first) {
                VirtualThreads.start("telegram-webhook-" + bindingId, this::setWebhook);
            }
        });
    }

    private void setWebhook() {
        String url = options.publicUrl() + TelegramChannel.WEBHOOK_PREFIX + bindingId;
        try {
            client.call(
                    "setWebhook",
                    c -> c.execute(SetWebhook.builder()
                            .url(url)
                            .secretToken(settings.webhookSecret())
                            .allowedUpdates(UpdatePoller.ALLOWED_UPDATES)
                            .build()));
            LOG.info("telegram binding {}: webhook registered at {}", bindingId, url);
        } catch (BotApiException e) {
            LOG.warn("telegram binding {}: webhook not registered: {}", bindingId, e.getMessage());
            context.runOnContext(v -> channel.shared().remove(setupKey()));
        }
    }

    private String setupKey() {
        return "telegram-webhook:" + bindingId + ":" + fingerprint();
    }

    /** Tells configurations apart without putting the token or secret in a key. */
    private String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((settings.botToken() + "|" + settings.webhookSecret() + "|" + options.publicUrl())
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
