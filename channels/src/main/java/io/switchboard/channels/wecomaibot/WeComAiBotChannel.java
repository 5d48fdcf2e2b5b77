package io.switchboard.channels.wecomaibot;

import io.switchboard.channels.spi.BindingType;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeCom AI bots (企业微信智能机器人) in long-connection mode bound to apps: no callback URL, the gateway
 * connects out to WeCom over WebSocket, subscribes with the bot's id and secret and keeps the
 * connection alive with pings. One member per bot holds the connection (a lease in shared state); the
 * others take over within the lease TTL when it dies. Answers stream into the chat, the rest of a
 * long answer and the answers of recovered messages are pushed; every message is answered once across
 * the cluster (see {@link AiBotTurns}). Images go to apps that take them; voice arrives transcribed.
 *
 * <p>Needs {@link ChannelContext#accounts()}, {@link ChannelContext#shared()} and
 * {@link ChannelContext#durable()}.
 */
public final class WeComAiBotChannel implements ChannelAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WeComAiBotChannel.class);

    /** The channel type in {@link io.switchboard.channels.spi.InboundMessage#channel()} and bindings. */
    public static final String TYPE = AiBotBindingType.TYPE;

    private static final int MAX_FRAME_BYTES = 1024 * 1024;

    private final WeComAiBotOptions options;
    private final Map<String, AiBotAccount> bots = new ConcurrentHashMap<>();
    /** This channel instance in heartbeats and in-flight records: a restarted process is a new member. */
    private final String memberId = UUID.randomUUID().toString();

    private volatile ChannelContext channel;
    private volatile Context context;
    private volatile WebSocketClient client;
    private volatile HttpClient http;
    private volatile long heartbeatTimer = -1;
    private volatile boolean stopped;

    private WeComAiBotChannel(WeComAiBotOptions options) {
        this.options = options;
    }

    public static WeComAiBotChannel create(WeComAiBotOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("wecom-aibot options are required, e.g. WeComAiBotOptions.defaults()");
        }
        return new WeComAiBotChannel(options);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<BindingType> bindingTypes() {
        return List.of(AiBotBindingType.INSTANCE);
    }

    @Override
    public void mount(Router router, ChannelContext context) {
        if (context.accounts() == null || context.shared() == null || context.durable() == null) {
            throw new IllegalArgumentException(
                    "the wecom-aibot channel needs bound accounts, shared state and durable state in its context");
        }
        this.channel = context;
        this.context = context.vertx().getOrCreateContext();
        this.client = context.vertx()
                .createWebSocketClient(new WebSocketClientOptions()
                        .setConnectTimeout((int) options.connectTimeout().toMillis())
                        .setMaxFrameSize(MAX_FRAME_BYTES)
                        .setMaxMessageSize(MAX_FRAME_BYTES));
        this.http = context.vertx()
                .createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) options.connectTimeout().toMillis())
                        .setIdleTimeout((int) options.connectTimeout().toSeconds()));
        this.context.runOnContext(v -> {
            beat();
            long every = Math.max(50, options.recoveryGrace().toMillis() / 4);
            heartbeatTimer = context.vertx().setPeriodic(every, t -> beat());
            context.accounts()
                    .enabled(TYPE)
                    .onSuccess(accounts -> accounts.forEach(this::activate))
                    .onFailure(e -> LOG.warn("wecom-aibot bindings could not be listed: {}", e.toString()));
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
                AiBotAccount gone = bots.remove(bindingId);
                if (gone != null) {
                    gone.stop();
                    LOG.info("wecom-aibot binding {} stopped", bindingId);
                }
            } else {
                LOG.warn(
                        "wecom-aibot binding {} could not be loaded: {}",
                        bindingId,
                        found.cause().toString());
            }
        }));
    }

    /** True while this member holds the bot's connection, for tests and status. */
    boolean connected(String bindingId) {
        AiBotAccount bot = bots.get(bindingId);
        return bot != null && bot.connected();
    }

    private void activate(BoundAccount account) {
        if (stopped) {
            return;
        }
        AiBotSettings settings;
        try {
            settings = AiBotSettings.from(account.settings());
        } catch (IllegalArgumentException e) {
            LOG.warn("wecom-aibot binding {} has invalid settings: {}", account.bindingId(), e.getMessage());
            return;
        }
        AiBotAccount running = bots.get(account.bindingId());
        if (running != null && running.serves(account)) {
            return;
        }
        AiBotAccount bot = new AiBotAccount(account, settings, channel, context, options, client, http, memberId);
        AiBotAccount previous = bots.put(account.bindingId(), bot);
        if (previous != null) {
            previous.stop();
        }
        bot.start();
        LOG.info("wecom-aibot binding {} started ({})", account.bindingId(), settings);
    }

    private void beat() {
        channel.shared()
                .put(AiBotTurns.heartbeatKey(memberId), "1", options.recoveryGrace())
                .onFailure(e -> LOG.warn("wecom-aibot heartbeat failed: {}", e.toString()));
    }

    /** The event-loop context the channel's bots run on, for tests that order work after theirs. */
    Context context() {
        return context;
    }

    /** Dies as a killed process would, for tests: no heartbeats, connections dropped, answers abandoned. */
    void crash() {
        stopped = true;
        cancelHeartbeat();
        bots.values().forEach(AiBotAccount::crash);
        bots.clear();
    }

    @Override
    public void stop() {
        stopped = true;
        cancelHeartbeat();
        List<io.vertx.core.Future<Void>> closing =
                bots.values().stream().map(AiBotAccount::stop).toList();
        bots.clear();
        // Only once the frames in flight were acknowledged: until then an answer may still be marked done.
        io.vertx.core.Future.join(closing).onComplete(closed -> {
            ChannelContext current = channel;
            if (current != null) {
                // Messages left unanswered are then answered by the next holder without waiting the grace.
                current.shared().remove(AiBotTurns.heartbeatKey(memberId));
            }
            if (client != null) {
                client.close();
            }
            if (http != null) {
                http.close();
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
