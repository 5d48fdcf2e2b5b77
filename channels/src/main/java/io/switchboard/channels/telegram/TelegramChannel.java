package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.BindingType;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Context;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telegram bots bound to apps: updates arrive by webhook ({@code POST /telegram/<bindingId>}, checked
 * against the binding's secret token) or by long polling on one cluster member; private chats are
 * answered, groups when the bot is mentioned or replied to (per binding); answers stream as a draft or
 * an edited message and end as Markdown rendered for Telegram; Telegram's rate limits are respected per
 * chat, per group and per bot across the cluster. See {@link TelegramBindingType} for the settings an admin gives.
 *
 * <p>An update is accepted (webhook answered 200, polling offset moved past it) once its
 * {@code update_id} is claimed in shared and durable state, the durable claim recording it as in flight,
 * and it is queued for its chat. A member that dies after that and before answering leaves the record
 * behind; once its heartbeat in shared state is gone and {@link TelegramOptions#recoveryGrace()} has
 * passed, one other member answers it (see {@link InflightUpdates}). A 403 from Telegram stops sending
 * to the chat until it writes again.
 *
 * <p>Rate limits and blocked chats are kept in shared state, so they hold across the cluster;
 * handled update ids and polling offsets are also kept in durable state, so a restart of every member
 * neither replays nor drops updates.
 *
 * <p>Needs {@link ChannelContext#accounts()}, {@link ChannelContext#shared()} and
 * {@link ChannelContext#durable()}.
 */
public final class TelegramChannel implements ChannelAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramChannel.class);

    /** The channel type in {@link io.switchboard.channels.spi.InboundMessage#channel()} and bindings. */
    public static final String TYPE = TelegramBindingType.TYPE;

    static final String WEBHOOK_PREFIX = "/telegram/";
    static final int WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

    private final TelegramOptions options;
    private final Map<String, TelegramBot> bots = new ConcurrentHashMap<>();
    private final VirtualThreads notices = VirtualThreads.named("telegram-notice");
    private volatile io.switchboard.channels.spi.StaffNoticeActions actions;
    private volatile ChannelContext channel;
    private volatile Context context;
    private volatile OkHttpClient http;
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private volatile boolean stopped;
    /** This channel instance in heartbeats and in-flight records: a restarted process is a new member. */
    private final String memberId = java.util.UUID.randomUUID().toString();

    private volatile long heartbeatTimer = -1;

    private TelegramChannel(TelegramOptions options) {
        this.options = options;
    }

    /** A channel that talks to the Bot API as {@code options} say; nothing starts before mount. */
    public static TelegramChannel create(TelegramOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("telegram options are required, e.g. TelegramOptions.builder().build()");
        }
        return new TelegramChannel(options);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<BindingType> bindingTypes() {
        return List.of(TelegramBindingType.INSTANCE);
    }

    @Override
    public void mount(Router router, ChannelContext context) {
        if (context.accounts() == null || context.shared() == null || context.durable() == null) {
            throw new IllegalArgumentException(
                    "the telegram channel needs bound accounts, shared state and durable state in its context");
        }
        this.channel = context;
        this.context = context.vertx().getOrCreateContext();
        Dispatcher dispatcher = new Dispatcher();
        // Long polls of many bots hold connections for their whole timeout: lift OkHttp's 5 per host.
        dispatcher.setMaxRequests(512);
        dispatcher.setMaxRequestsPerHost(512);
        this.http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(32, 5, java.util.concurrent.TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(options.pollTimeout().plusSeconds(15))
                .writeTimeout(Duration.ofSeconds(30))
                .build();
        VirtualThreads.start("telegram-warm-up", UpdateParser::warmUp);
        startHeartbeat();
        WebhookHandler webhook = new WebhookHandler(bots::get);
        String path = WEBHOOK_PREFIX + ":bindingId";
        router.post(path).handler(webhook::checkSecret).failureHandler(WebhookHandler::failure);
        router.post(path)
                .handler(BodyHandler.create(false).setBodyLimit(WEBHOOK_BODY_LIMIT_BYTES))
                .handler(webhook::accept)
                .failureHandler(WebhookHandler::failure);
        this.context.runOnContext(v -> context.accounts()
                .enabled(TYPE)
                .onSuccess(accounts -> accounts.forEach(this::activate))
                .onFailure(e -> LOG.warn("telegram bindings could not be listed: {}", e.toString())));
    }

    @Override
    public void accountChanged(String bindingId) {
        ChannelContext current = channel;
        if (current == null || stopped) {
            return;
        }
        context.runOnContext(v -> current.accounts().find(bindingId).onComplete(found -> {
            if (found.succeeded()) {
                if (TYPE.equals(found.result().type())) {
                    activate(found.result());
                }
            } else if (found.cause() instanceof HttpException http && http.getStatusCode() == 404) {
                TelegramBot gone = bots.remove(bindingId);
                if (gone != null) {
                    gone.stop();
                    gone.unregisterWebhook();
                    LOG.info("telegram binding {} stopped", bindingId);
                }
            } else {
                LOG.warn(
                        "telegram binding {} could not be loaded: {}",
                        bindingId,
                        found.cause().toString());
            }
        }));
    }

    /**
     * {@code recipient} is a chat id (a staff member's user id for a private chat, who must have started
     * the bot); the bot must be running on this member (every enabled binding runs on every member).
     */
    @Override
    public io.vertx.core.Future<Void> sendNotice(
            String bindingId, String recipient, io.switchboard.channels.spi.StaffNotice notice) {
        long chatId;
        try {
            chatId = Long.parseLong(recipient == null ? "" : recipient.strip());
        } catch (NumberFormatException e) {
            return io.vertx.core.Future.failedFuture(
                    new IllegalArgumentException("a Telegram recipient is a numeric chat id, got '" + recipient + "'"));
        }
        TelegramBot bot = bots.get(bindingId);
        if (bot == null) {
            return io.vertx.core.Future.failedFuture(
                    new IllegalArgumentException("no Telegram bot runs for binding '" + bindingId + "'"));
        }
        return notices.call(() -> {
            bot.sendNotice(chatId, notice);
            return null;
        });
    }

    @Override
    public void staffNoticeActions(io.switchboard.channels.spi.StaffNoticeActions actions) {
        this.actions = actions;
    }

    /** Tells other members this one is alive, every quarter grace, so they leave its updates alone. */
    private void startHeartbeat() {
        long every = Math.max(1, options.recoveryGrace().toMillis() / 4);
        this.context.runOnContext(v -> {
            beat();
            heartbeatTimer = channel.vertx().setPeriodic(every, t -> beat());
        });
    }

    private void beat() {
        channel.shared()
                .put(InflightUpdates.heartbeatKey(memberId), "1", options.recoveryGrace())
                .onFailure(e -> LOG.warn("telegram heartbeat failed: {}", e.toString()));
    }

    private void stopHeartbeat() {
        long timer = heartbeatTimer;
        if (timer >= 0) {
            channel.vertx().cancelTimer(timer);
        }
    }

    /**
     * Dies as a killed process would, for tests: no more heartbeats, intake stopped, answers in
     * progress interrupted and abandoned without being marked done.
     */
    void crash() {
        stopped = true;
        stopHeartbeat();
        bots.values().forEach(TelegramBot::crash);
        bots.clear();
    }

    @Override
    public void stop() {
        stopped = true;
        notices.shutdown();
        // The gateway stops channels after its HTTP intake drained; answers still queued behind a chat's
        // pacing get a bounded time to go out (a chat allows one message a second).
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        bots.values().forEach(bot -> bot.drain(deadline));
        bots.clear();
        // Alive until the drain is over: a heartbeat stopped first expired after the grace while answers
        // were still going out, and another member recovered and answered them a second time.
        stopHeartbeat();
        ChannelContext current = channel;
        if (current != null) {
            // Updates left unanswered past the deadline are then answered by others after the grace.
            current.shared().remove(InflightUpdates.heartbeatKey(memberId));
        }
        OkHttpClient client = http;
        if (client != null) {
            client.dispatcher().cancelAll();
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    private void activate(BoundAccount account) {
        if (stopped) {
            return;
        }
        BotSettings settings;
        try {
            settings = BotSettings.from(account.settings());
        } catch (IllegalArgumentException e) {
            LOG.warn("telegram binding {} has invalid settings: {}", account.bindingId(), e.getMessage());
            return;
        }
        TelegramBot running = bots.get(account.bindingId());
        if (running != null && running.serves(account)) {
            return; // listed at start and announced as changed: the same binding twice
        }
        TelegramBot bot = new TelegramBot(
                account,
                settings,
                channel,
                context,
                options,
                http,
                memberId,
                new NoticeButtons(channel.durable(), actions));
        TelegramBot previous = bots.put(account.bindingId(), bot);
        if (previous != null) {
            previous.stop();
            if (!previous.settings().botToken().equals(settings.botToken())) {
                previous.unregisterWebhook();
            }
        }
        bot.start();
        LOG.info("telegram binding {} started ({})", account.bindingId(), settings);
    }
}
