package io.switchboard.channels.wecom;

import io.switchboard.channels.spi.BindingType;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.StaffNotice;
import io.switchboard.channels.weixin.ClusterTokens;
import io.switchboard.channels.weixin.InflightTurns;
import io.switchboard.channels.weixin.ReplayGuard;
import io.switchboard.channels.weixin.WeixinFailureHandler;
import io.switchboard.threads.EventLoop;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * WeCom (企业微信) self-built apps: callbacks at {@code /wecom/{bindingId}} for every {@code wecom}
 * binding, acknowledged at once and answered through {@code /cgi-bin/message/send} (text or markdown,
 * 2048-byte parts, within the per-member rate) — exactly once across the cluster.
 */
public final class WeComChannel implements ChannelAdapter {
    /** The channel type in {@link io.switchboard.channels.spi.InboundMessage#channel()}. */
    public static final String TYPE = "wecom";

    private final WeComOptions options;
    private final VirtualThreads threads = VirtualThreads.named("wecom");
    private volatile CpAccounts accounts;
    private volatile InflightTurns inflight;
    private volatile CpTurns turns;

    private WeComChannel(WeComOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public static WeComChannel create(WeComOptions options) {
        return new WeComChannel(options);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<BindingType> bindingTypes() {
        return List.of(new WeComBindingType());
    }

    @Override
    public void mount(Router router, ChannelContext context) {
        if (context.accounts() == null || context.shared() == null) {
            throw new IllegalArgumentException(
                    "the WeCom channel needs bound accounts and shared state in its context");
        }
        var tokens = new ClusterTokens(
                context.shared(), options.tokenLease(), options.tokenLease().multipliedBy(2));
        accounts =
                new CpAccounts(context.accounts(), tokens, context.vertx().getOrCreateContext(), options.sendBackoff());
        String member = UUID.randomUUID().toString();
        CpTurns turns = new CpTurns(context.shared(), context.turns(), options, member, context.apps());
        this.turns = turns;
        // Without durable state (some tests) a dead member's messages are simply not recovered.
        if (context.durable() != null) {
            inflight = InflightTurns.builder("wc", member, context, options.recoveryGrace(), options.dedupeTtl())
                    .clock(options.clock())
                    .recover(threads, (bindingId, dedupeId, record, journal) -> {
                        EventLoop eventLoop = EventLoop.of(context.vertx().getOrCreateContext());
                        CpAccount account = accounts.account(VirtualThreads.await(accounts.find(bindingId)));
                        turns.recover(eventLoop, account, dedupeId, record, journal);
                    });
            turns.recordInflight(inflight);
            inflight.start();
        }
        var handler = new CpCallbackHandler(
                context.vertx(),
                accounts,
                turns,
                new ReplayGuard(context.shared(), options.clock(), options.replayWindow()),
                threads);
        router.route("/wecom/:bindingId")
                .method(HttpMethod.GET)
                .method(HttpMethod.POST)
                .handler(BodyHandler.create(false).setBodyLimit(options.maxBodyBytes()))
                .handler(handler::handle)
                .failureHandler(new WeixinFailureHandler());
    }

    /** {@code recipient} is a WeCom userid; the message goes out through the bound app. */
    @Override
    public Future<Void> sendNotice(String bindingId, String recipient, StaffNotice notice) {
        CpAccounts current = accounts;
        if (current == null) {
            return Future.failedFuture(new IllegalStateException("the WeCom channel is not mounted"));
        }
        if (recipient == null || !recipient.matches(CpNotices.USER_ID)) {
            return Future.failedFuture(
                    new IllegalArgumentException("a WeCom recipient is a userid (letters, digits, _ - . @)"));
        }
        return current.find(bindingId)
                .compose(binding -> threads.call(() -> {
                    CpNotices.send(current.account(binding), recipient, notice);
                    return null;
                }));
    }

    @Override
    public void accountChanged(String bindingId) {
        CpAccounts current = accounts;
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
        CpTurns running = turns;
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
