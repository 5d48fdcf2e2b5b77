package io.switchboard.channels.wechat;

import io.switchboard.channels.spi.BindingType;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.weixin.ClusterTokens;
import io.switchboard.channels.weixin.InflightTurns;
import io.switchboard.channels.weixin.ReplayGuard;
import io.switchboard.channels.weixin.WeixinFailureHandler;
import io.switchboard.threads.EventLoop;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * WeChat official accounts (公众号): callbacks at {@code /wechat/{bindingId}} for every
 * {@code wechat-mp} binding, answered passively when the answer is ready in time, otherwise through
 * the customer-service API (service accounts) or across WeChat's retries and the user's next message
 * (subscription accounts) — exactly once across the cluster, through {@link ChannelContext#shared()}.
 */
public final class WeChatMpChannel implements ChannelAdapter {
    /** The channel type in {@link io.switchboard.channels.spi.InboundMessage#channel()}. */
    public static final String TYPE = "wechat";

    private final WeChatOptions options;
    private final VirtualThreads threads = VirtualThreads.named("wechat");
    private volatile MpAccounts accounts;
    private volatile InflightTurns inflight;
    private volatile MpTurns turns;

    private WeChatMpChannel(WeChatOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public static WeChatMpChannel create(WeChatOptions options) {
        return new WeChatMpChannel(options);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<BindingType> bindingTypes() {
        return List.of(new MpBindingType());
    }

    @Override
    public void mount(Router router, ChannelContext context) {
        if (context.accounts() == null || context.shared() == null) {
            throw new IllegalArgumentException(
                    "the WeChat channel needs bound accounts and shared state in its context");
        }
        String member = UUID.randomUUID().toString();
        var tokens = new ClusterTokens(
                context.shared(), options.tokenLease(), options.tokenLease().multipliedBy(2));
        accounts = new MpAccounts(context.accounts(), tokens, context.vertx().getOrCreateContext());
        MpTurns turns = new MpTurns(
                context.shared(),
                context.turns(),
                threads,
                options,
                new MpDelivery(context.shared(), options),
                member,
                context.apps());
        this.turns = turns;
        // Without durable state (some tests) a dead member's messages are simply not recovered.
        if (context.durable() != null) {
            inflight = InflightTurns.builder("wx", member, context, options.recoveryGrace(), options.dedupeTtl())
                    .clock(options.clock())
                    .recover(threads, (bindingId, dedupeId, record, journal) -> {
                        EventLoop eventLoop = EventLoop.of(context.vertx().getOrCreateContext());
                        MpAccount account = accounts.account(VirtualThreads.await(accounts.find(bindingId)));
                        turns.recover(eventLoop, account, dedupeId, record, journal);
                    });
            turns.recordInflight(inflight);
            inflight.start();
        }
        var handler = new MpCallbackHandler(
                context,
                accounts,
                turns,
                new ReplayGuard(context.shared(), options.clock(), options.replayWindow()),
                threads,
                options);
        // The SDK's XML binding takes a second to initialise: pay it at start, not on the first callback.
        threads.execute(MpInbound::warmUp);
        router.route("/wechat/:bindingId")
                .method(HttpMethod.GET)
                .method(HttpMethod.POST)
                .handler(BodyHandler.create(false).setBodyLimit(options.maxBodyBytes()))
                .handler(handler::handle)
                .failureHandler(new WeixinFailureHandler());
    }

    @Override
    public void accountChanged(String bindingId) {
        MpAccounts current = accounts;
        if (current != null) {
            current.forget(bindingId);
        }
    }

    @Override
    public void stop() {
        InflightTurns current = inflight;
        if (current != null) {
            current.stop();
        }
        threads.shutdown();
    }

    /** Dies as a killed process would, for tests: recovery and heartbeats stop, turns in progress are abandoned. */
    void crash() {
        MpTurns running = turns;
        if (running != null) {
            running.crash();
        }
        InflightTurns current = inflight;
        if (current != null) {
            current.crash();
        }
        threads.shutdown();
    }
}
