package io.switchboard.channels.wecomaibot;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.DurableState;
import io.switchboard.channels.testing.InMemoryDurableState;
import io.switchboard.channels.testing.InMemorySharedState;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.channels.testing.StaticAppDirectory;
import io.switchboard.channels.testing.StaticBoundAccounts;
import io.switchboard.testkit.FakeWeComAiBot;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A fake WeCom long-connection gateway, cluster state, bindings, a scripted app and one or more
 * members: each its own {@link WeComAiBotChannel}, as gateway nodes would be.
 */
final class AiBotFixture implements AutoCloseable {
    static final String APP = "guide";
    static final String BINDING = "bot-1";
    static final String BOT_ID = "aibAbCdEf0123";
    static final String SECRET = "s3cr3t-for-tests-0123456789";

    final Vertx vertx = Vertx.vertx();
    final FakeWeComAiBot wecom = FakeWeComAiBot.start().addBot(BOT_ID, SECRET);
    final InMemorySharedState state = new InMemorySharedState(vertx);
    final InMemoryDurableState durable = new InMemoryDurableState();
    final StaticBoundAccounts accounts = new StaticBoundAccounts();
    final Map<String, String> answers = new ConcurrentHashMap<>();
    volatile boolean acceptsImages;
    final ScriptedTurnHandler turns;
    private final UnaryOperator<WeComAiBotOptions.Builder> tweak;
    private final List<WeComAiBotChannel> members = new ArrayList<>();

    private AiBotFixture(UnaryOperator<WeComAiBotOptions.Builder> tweak) {
        this.tweak = tweak;
        this.turns = new ScriptedTurnHandler(vertx, this::profile, q -> answers.getOrDefault(q, "You said: " + q))
                .chunks(4, 2);
    }

    private io.vertx.core.Future<AppProfile> profile(String appId) {
        return new StaticAppDirectory(new AppProfile(APP, "Guide", "", List.of(), acceptsImages, false)).profile(appId);
    }

    static AiBotFixture start() {
        return start(UnaryOperator.identity());
    }

    static AiBotFixture start(UnaryOperator<WeComAiBotOptions.Builder> tweak) {
        AiBotFixture fixture = new AiBotFixture(tweak);
        fixture.addMember("member-0");
        return fixture;
    }

    WeComAiBotOptions options() {
        return tweak.apply(WeComAiBotOptions.builder()
                        .wsUrl(wecom.wsUrl())
                        .leaseTtl(Duration.ofMillis(600))
                        .heartbeatInterval(Duration.ofSeconds(5))
                        .ackTimeout(Duration.ofSeconds(2))
                        .reconnectBackoff(Duration.ofMillis(50))
                        .streamInterval(Duration.ofMillis(10))
                        .recoveryGrace(Duration.ofMillis(800))
                        .chatPushInterval(Duration.ZERO)
                        .botPushesPerSecond(1000)
                        .mediaHosts(List.of("127.0.0.1")))
                .build();
    }

    WeComAiBotChannel addMember(String name) {
        WeComAiBotChannel channel = WeComAiBotChannel.create(options());
        channel.mount(
                Router.router(vertx),
                new ChannelContext(vertx, turns, this::profile, null, accounts, state.member(name), durable));
        members.add(channel);
        return channel;
    }

    WeComAiBotChannel member(int index) {
        return members.get(index);
    }

    /** Validates settings as the admin API does, stores the binding and tells every member. */
    JsonObject bind(JsonObject settings) {
        JsonObject valid = AiBotBindingType.INSTANCE.validate(settings);
        accounts.bind(new BoundAccount(BINDING, APP, WeComAiBotChannel.TYPE, valid));
        members.forEach(m -> m.accountChanged(BINDING));
        return valid;
    }

    JsonObject bind() {
        return bind(new JsonObject().put("botId", BOT_ID).put("secret", SECRET));
    }

    /** The member index holding the connection, or -1. */
    int holder() {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).connected(BINDING)) {
                return i;
            }
        }
        return -1;
    }

    List<DurableState.Entry> inflight() {
        return durable.list("wecom-aibot-msg:" + BINDING + ":", AiBotTurns.PREFIX, 100)
                .await();
    }

    String claim(String msgid) {
        return durable.get("wecom-aibot-msg:" + BINDING + ":" + msgid).await();
    }

    @Override
    public void close() {
        members.forEach(WeComAiBotChannel::stop);
        wecom.close();
        vertx.close().await();
    }
}
