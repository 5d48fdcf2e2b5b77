package io.switchboard.channels.wecomaibot;

import io.switchboard.channels.spi.BindingType;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.weixin.HeldAccounts;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.Router;
import java.util.List;

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
    /** The channel type in {@link io.switchboard.channels.spi.InboundMessage#channel()} and bindings. */
    public static final String TYPE = AiBotBindingType.TYPE;

    private static final int MAX_FRAME_BYTES = 1024 * 1024;

    private final WeComAiBotOptions options;
    private final HeldAccounts<AiBotAccount> bots;
    private volatile WebSocketClient client;
    private volatile HttpClient http;

    private WeComAiBotChannel(WeComAiBotOptions options) {
        this.options = options;
        this.bots = new HeldAccounts<>(
                TYPE,
                options.recoveryGrace(),
                AiBotTurns::heartbeatKey,
                (account, channel, context, memberId) -> new AiBotAccount(
                        account,
                        AiBotSettings.from(account.settings()),
                        channel,
                        context,
                        options,
                        client,
                        http,
                        memberId));
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
        bots.mount(context);
        this.client = context.vertx()
                .createWebSocketClient(new WebSocketClientOptions()
                        .setConnectTimeout((int) options.connectTimeout().toMillis())
                        .setMaxFrameSize(MAX_FRAME_BYTES)
                        .setMaxMessageSize(MAX_FRAME_BYTES));
        this.http = context.vertx()
                .createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) options.connectTimeout().toMillis())
                        .setIdleTimeout((int) options.connectTimeout().toSeconds()));
        bots.start();
    }

    @Override
    public void accountChanged(String bindingId) {
        bots.accountChanged(bindingId);
    }

    /** True while this member holds the bot's connection, for tests and status. */
    boolean connected(String bindingId) {
        AiBotAccount bot = bots.get(bindingId);
        return bot != null && bot.connected();
    }

    /** The event-loop context the channel's bots run on, for tests that order work after theirs. */
    Context context() {
        return bots.context();
    }

    /** Dies as a killed process would, for tests: no heartbeats, connections dropped, answers abandoned. */
    void crash() {
        bots.crash();
    }

    @Override
    public void stop() {
        // The heartbeat goes only once the frames in flight were acknowledged: until then an answer may
        // still be marked done. Messages left unanswered are then answered by the next holder without
        // waiting the grace.
        bots.stop(io.vertx.core.Future::succeededFuture).onComplete(closed -> {
            if (client != null) {
                client.close();
            }
            if (http != null) {
                http.close();
            }
        });
    }
}
