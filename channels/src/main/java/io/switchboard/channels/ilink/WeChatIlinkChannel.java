package io.switchboard.channels.ilink;

import io.switchboard.channels.spi.BindingType;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Personal WeChat accounts' bots (iLink) bound to apps: one member per bot long-polls {@code
 * getupdates} (a lease in shared state) from the committed {@code get_updates_buf}; every user message
 * is claimed durably before the buf moves past it and answered once with {@code sendmessage} carrying
 * the message's {@code context_token}, with "typing…" while the model works (see {@link IlinkAccount},
 * {@link IlinkTurns}). A session timeout is reported by {@link #status(String)}.
 *
 * <p>Needs {@link ChannelContext#accounts()}, {@link ChannelContext#shared()} and
 * {@link ChannelContext#durable()}.
 */
public final class WeChatIlinkChannel implements ChannelAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WeChatIlinkChannel.class);

    /** The channel type in {@link io.switchboard.channels.spi.InboundMessage#channel()} and bindings. */
    public static final String TYPE = IlinkBindingType.TYPE;

    private final WeChatIlinkOptions options;
    private final Map<String, IlinkAccount> bots = new ConcurrentHashMap<>();
    /** This channel instance in heartbeats and in-flight records: a restarted process is a new member. */
    private final String memberId = UUID.randomUUID().toString();

    private volatile ChannelContext channel;
    private volatile Context context;
    private volatile HttpClient http;
    private volatile long heartbeatTimer = -1;
    private volatile boolean stopped;

    private WeChatIlinkChannel(WeChatIlinkOptions options) {
        this.options = options;
    }

    public static WeChatIlinkChannel create(WeChatIlinkOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("wechat-ilink options are required, e.g. WeChatIlinkOptions.defaults()");
        }
        return new WeChatIlinkChannel(options);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<BindingType> bindingTypes() {
        return List.of(IlinkBindingType.INSTANCE);
    }

    @Override
    public void mount(Router router, ChannelContext context) {
        if (context.accounts() == null || context.shared() == null || context.durable() == null) {
            throw new IllegalArgumentException(
                    "the wechat-ilink channel needs bound accounts, shared state and durable state in its context");
        }
        this.channel = context;
        this.context = context.vertx().getOrCreateContext();
        this.http = context.vertx()
                .createHttpClient(
                        new HttpClientOptions().setConnectTimeout((int)
                                options.requestTimeout().toMillis()),
                        // Every bot's long poll holds a connection to the same host for up to 35 s.
                        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(256));
        this.context.runOnContext(v -> {
            beat();
            long every = Math.max(50, options.recoveryGrace().toMillis() / 4);
            heartbeatTimer = context.vertx().setPeriodic(every, t -> beat());
            context.accounts()
                    .enabled(TYPE)
                    .onSuccess(accounts -> accounts.forEach(this::activate))
                    .onFailure(e -> LOG.warn("wechat-ilink bindings could not be listed: {}", e.toString()));
        });
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
            } else if (found.cause() instanceof HttpException e && e.getStatusCode() == 404) {
                IlinkAccount gone = bots.remove(bindingId);
                if (gone != null) {
                    gone.stop();
                    LOG.info("wechat-ilink binding {} stopped", bindingId);
                }
            } else {
                LOG.warn(
                        "wechat-ilink binding {} could not be loaded: {}",
                        bindingId,
                        found.cause().toString());
            }
        }));
    }

    @Override
    public io.vertx.core.Future<io.vertx.core.json.JsonObject> startLogin(String bindingType) {
        if (!TYPE.equals(bindingType) || http == null) {
            return ChannelAdapter.super.startLogin(bindingType);
        }
        return new IlinkLogin(http, options).start();
    }

    @Override
    public io.vertx.core.Future<io.vertx.core.json.JsonObject> loginStatus(String bindingType, String loginId) {
        if (!TYPE.equals(bindingType) || http == null) {
            return ChannelAdapter.super.loginStatus(bindingType, loginId);
        }
        return new IlinkLogin(http, options).status(loginId);
    }

    /** The event-loop context the channel's bots run on, for tests that order work after theirs. */
    Context context() {
        return context;
    }

    /** True while this member polls the bot, for tests. */
    boolean polling(String bindingId) {
        IlinkAccount bot = bots.get(bindingId);
        return bot != null && bot.polling();
    }

    /**
     * The binding's status as the last poll left it: {@code active}, {@code session-expired} (log in
     * again), or null before the first poll. Safe on the event loop.
     */
    @Override
    public io.vertx.core.Future<String> status(String bindingId) {
        return channel.durable().get(IlinkAccount.statusKey(bindingId));
    }

    private void activate(BoundAccount account) {
        if (stopped) {
            return;
        }
        String settings;
        try {
            settings = IlinkBindingType.INSTANCE.validate(account.settings()).getString("botToken");
        } catch (IllegalArgumentException e) {
            LOG.warn("wechat-ilink binding {} has invalid settings: {}", account.bindingId(), e.getMessage());
            return;
        }
        IlinkAccount running = bots.get(account.bindingId());
        if (running != null && running.serves(account)) {
            return;
        }
        IlinkAccount bot = new IlinkAccount(account, settings, channel, context, options, http, memberId);
        IlinkAccount previous = bots.put(account.bindingId(), bot);
        if (previous != null) {
            previous.stop();
        }
        bot.start();
        LOG.info("wechat-ilink binding {} started", account.bindingId());
    }

    private void beat() {
        channel.shared()
                .put(IlinkTurns.heartbeatKey(memberId), "1", options.recoveryGrace())
                .onFailure(e -> LOG.warn("wechat-ilink heartbeat failed: {}", e.toString()));
    }

    /** Dies as a killed process would, for tests: no heartbeats, connections dropped, answers abandoned. */
    void crash() {
        stopped = true;
        cancelHeartbeat();
        bots.values().forEach(IlinkAccount::crash);
        bots.clear();
    }

    @Override
    public void stop() {
        stopped = true;
        cancelHeartbeat();
        bots.values().forEach(IlinkAccount::stop);
        bots.clear();
        ChannelContext current = channel;
        // Sends in flight finish first (no new request starts): a message WeChat took is then marked
        // done, not released for the next holder to send again. Only then is the heartbeat withdrawn, so
        // that the next holder answers what is left without waiting the grace.
        io.vertx.core.Future<Void> closed = http == null
                ? io.vertx.core.Future.succeededFuture()
                : http.shutdown(options.requestTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        closed.onComplete(v -> {
            if (current != null) {
                current.shared().remove(IlinkTurns.heartbeatKey(memberId));
            }
        });
    }

    private void cancelHeartbeat() {
        long timer = heartbeatTimer;
        ChannelContext current = channel;
        if (timer >= 0 && current != null) {
            current.vertx().cancelTimer(timer);
        }
    }
}
