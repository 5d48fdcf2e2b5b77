package io.switchboard.channels.wechat;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.testing.ChannelContractTest;
import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.channels.testing.DelayedTurnHandler;
import io.switchboard.channels.testing.InMemoryDurableState;
import io.switchboard.channels.testing.InMemorySharedState;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.channels.testing.StaticApiKeyVerifier;
import io.switchboard.channels.testing.StaticAppDirectory;
import io.switchboard.channels.testing.StaticBoundAccounts;
import io.switchboard.testkit.weixin.FakeWeixinPlatform;
import io.switchboard.testkit.weixin.OfficialAccount;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCallbacks.Mode;
import io.switchboard.testkit.weixin.WeixinCallbacks.Outcome;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two WeChat channel "members" (two adapters on two servers sharing one in-memory state, as members
 * of one cluster share Hazelcast) behind the fake platform, with a scripted turn handler.
 */
final class MpFixture implements AutoCloseable {
    static final String OPENING = "你好！我是订单助手。";
    static final List<String> SUGGESTIONS = List.of("我的订单在哪里？", "怎么退货？");
    static final Duration DEADLINE = Duration.ofMillis(1000);
    static final Duration BUDGET = Duration.ofMillis(800);
    private static final AtomicLong MSG_IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    final Vertx vertx = Vertx.vertx();
    final FakeWeixinPlatform platform = FakeWeixinPlatform.start();
    final InMemorySharedState shared = new InMemorySharedState(vertx);
    final InMemoryDurableState durable = new InMemoryDurableState();
    final StaticBoundAccounts bindings = new StaticBoundAccounts();
    final ScriptedTurnHandler turns;
    final DelayedTurnHandler model;
    final List<WeChatMpChannel> channels = new ArrayList<>();
    final List<ChannelTestServer> members = new ArrayList<>();

    MpFixture(WeChatOptions options) {
        var apps = new StaticAppDirectory(new AppProfile("demo", "Order Helper", OPENING, SUGGESTIONS, false, false));
        turns = new ScriptedTurnHandler(vertx, apps, ChannelContractTest::answerTo);
        turns.chunks(1_000_000, 1); // one chunk: latency comes from the model delay alone
        model = new DelayedTurnHandler(vertx, turns);
        var context =
                new ChannelContext(vertx, model, apps, new StaticApiKeyVerifier(Map.of()), bindings, shared, durable);
        for (int i = 0; i < 2; i++) {
            WeChatMpChannel channel = WeChatMpChannel.create(options);
            channels.add(channel);
            members.add(ChannelTestServer.start(channel, context));
        }
    }

    static WeChatOptions scaledOptions() {
        return WeChatOptions.builder()
                .platformDeadline(DEADLINE)
                .passiveBudget(BUDGET)
                .sendBackoff(Duration.ofMillis(10))
                .build();
    }

    /** Binds a fresh account to app {@code demo} and registers it with the platform. */
    OfficialAccount bind(String bindingId, Mode mode, boolean service, JsonObject extra) {
        OfficialAccount account = OfficialAccount.random(bindingId);
        platform.register(account);
        JsonObject settings = new JsonObject()
                .put("appId", account.appId())
                .put("appSecret", account.secret())
                .put("token", account.token())
                .put("encodingAesKey", account.encodingAesKey())
                .put("mode", mode.name().toLowerCase(Locale.ROOT))
                .put("accountType", service ? "service" : "subscription")
                .put("apiBaseUrl", platform.apiBaseUrl())
                .mergeIn(extra == null ? new JsonObject() : extra);
        JsonObject validated = new MpBindingType().validate(settings);
        bindings.bind(new BoundAccount(bindingId, "demo", MpBindingType.TYPE, validated));
        return account;
    }

    String url(int member, String bindingId) {
        return members.get(member).baseUrl() + "/wechat/" + bindingId;
    }

    /** Member 0 first, then member 1, alternating: every retry lands on the other member. */
    List<String> urls(String bindingId) {
        return List.of(url(0, bindingId), url(1, bindingId));
    }

    static long nextMsgId() {
        return MSG_IDS.incrementAndGet();
    }

    Outcome deliver(OfficialAccount account, Mode mode, String bindingId, String xml, int tries) {
        return ChannelTestServer.await(
                platform.callbacks().deliverMp(account, mode, urls(bindingId), xml, DEADLINE, tries));
    }

    WeixinCallbacks callbacks() {
        return platform.callbacks();
    }

    @Override
    public void close() {
        members.forEach(ChannelTestServer::close);
        channels.forEach(WeChatMpChannel::stop);
        platform.close();
        ChannelTestServer.await(vertx.close());
    }
}
