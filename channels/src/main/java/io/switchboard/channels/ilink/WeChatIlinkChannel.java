package io.switchboard.channels.ilink;

import io.switchboard.channels.spi.BindingType;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.weixin.HeldAccounts;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import java.util.List;

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
    /** The channel type in {@link io.switchboard.channels.spi.InboundMessage#channel()} and bindings. */
    public static final String TYPE = IlinkBindingType.TYPE;

    private final WeChatIlinkOptions options;
    private final HeldAccounts<IlinkAccount> bots;
    private volatile HttpClient http;

    private WeChatIlinkChannel(WeChatIlinkOptions options) {
        this.options = options;
        this.bots = new HeldAccounts<>(
                TYPE,
                options.recoveryGrace(),
                IlinkTurns::heartbeatKey,
                (account, channel, context, memberId) -> new IlinkAccount(
                        account,
                        IlinkBindingType.INSTANCE.validate(account.settings()).getString("botToken"),
                        channel,
                        context,
                        options,
                        http,
                        memberId));
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
        bots.mount(context);
        this.http = context.vertx()
                .createHttpClient(
                        new HttpClientOptions().setConnectTimeout((int)
                                options.requestTimeout().toMillis()),
                        // Every bot's long poll holds a connection to the same host for up to 35 s.
                        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(256));
        bots.start();
    }

    @Override
    public void accountChanged(String bindingId) {
        bots.accountChanged(bindingId);
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
        return bots.context();
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
        return bots.channel().durable().get(IlinkAccount.statusKey(bindingId));
    }

    /** Dies as a killed process would, for tests: no heartbeats, connections dropped, answers abandoned. */
    void crash() {
        bots.crash();
    }

    @Override
    public void stop() {
        // Sends in flight finish first (no new request starts): a message WeChat took is then marked
        // done, not released for the next holder to send again. Only then is the heartbeat withdrawn, so
        // that the next holder answers what is left without waiting the grace.
        HttpClient client = http;
        bots.stop(() -> client == null
                ? io.vertx.core.Future.succeededFuture()
                : client.shutdown(options.requestTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    }
}
