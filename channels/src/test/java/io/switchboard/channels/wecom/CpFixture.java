package io.switchboard.channels.wecom;

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
import io.switchboard.testkit.weixin.CorpApp;
import io.switchboard.testkit.weixin.FakeWeixinPlatform;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCallbacks.Outcome;
import io.switchboard.testkit.weixin.WeixinMessages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Two WeCom channel members sharing one in-memory state, behind the fake platform. */
final class CpFixture implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofMillis(1000);
    private static final AtomicLong MSG_IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    final Vertx vertx = Vertx.vertx();
    final FakeWeixinPlatform platform = FakeWeixinPlatform.start();
    final InMemorySharedState shared = new InMemorySharedState(vertx);
    final InMemoryDurableState durable = new InMemoryDurableState();
    final StaticBoundAccounts bindings = new StaticBoundAccounts();
    final ScriptedTurnHandler turns;
    final DelayedTurnHandler model;
    final List<WeComChannel> channels = new ArrayList<>();
    final List<ChannelTestServer> members = new ArrayList<>();

    CpFixture(WeComOptions options) {
        var apps = new StaticAppDirectory(new AppProfile("demo", "Order Helper", "Hi", List.of(), false, false));
        turns = new ScriptedTurnHandler(vertx, apps, ChannelContractTest::answerTo);
        turns.chunks(1_000_000, 1); // one chunk: latency comes from the model delay alone
        model = new DelayedTurnHandler(vertx, turns);
        var context =
                new ChannelContext(vertx, model, apps, new StaticApiKeyVerifier(Map.of()), bindings, shared, durable);
        for (int i = 0; i < 2; i++) {
            WeComChannel channel = WeComChannel.create(options);
            channels.add(channel);
            members.add(ChannelTestServer.start(channel, context));
        }
    }

    CpFixture() {
        this(WeComOptions.builder().sendBackoff(Duration.ofMillis(10)).build());
    }

    CorpApp bind(String bindingId, int agentId, boolean markdown) {
        CorpApp app = CorpApp.random(bindingId.replace("-", ""), agentId);
        platform.register(app);
        JsonObject settings = new JsonObject()
                .put("corpId", app.corpId())
                .put("agentId", app.agentId())
                .put("secret", app.secret())
                .put("token", app.token())
                .put("encodingAesKey", app.encodingAesKey())
                .put("markdown", markdown)
                .put("apiBaseUrl", platform.apiBaseUrl());
        bindings.bind(
                new BoundAccount(bindingId, "demo", WeComBindingType.TYPE, new WeComBindingType().validate(settings)));
        return app;
    }

    String url(int member, String bindingId) {
        return members.get(member).baseUrl() + "/wecom/" + bindingId;
    }

    List<String> urls(String bindingId) {
        return List.of(url(0, bindingId), url(1, bindingId));
    }

    static String text(CorpApp app, String user, String content) {
        return WeixinMessages.wecomText(
                app.corpId(), user, WeixinCallbacks.now(), MSG_IDS.incrementAndGet(), app.agentId(), content);
    }

    Outcome deliver(CorpApp app, String bindingId, String xml, List<String> urls) {
        return ChannelTestServer.await(platform.callbacks().deliverWeCom(app, urls, xml, DEADLINE, 3));
    }

    @Override
    public void close() {
        members.forEach(ChannelTestServer::close);
        channels.forEach(WeComChannel::stop);
        platform.close();
        ChannelTestServer.await(vertx.close());
    }
}
