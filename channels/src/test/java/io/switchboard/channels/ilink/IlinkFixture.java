package io.switchboard.channels.ilink;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.testing.InMemoryDurableState;
import io.switchboard.channels.testing.InMemorySharedState;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.channels.testing.StaticAppDirectory;
import io.switchboard.channels.testing.StaticBoundAccounts;
import io.switchboard.testkit.weixin.FakeIlink;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** The fake iLink API, cluster state, one binding and one or more members. */
final class IlinkFixture implements AutoCloseable {
    static final String APP = "guide";
    static final String BINDING = "wx-1";
    static final String TOKEN = "bot-token-0123456789abcdef";

    final Vertx vertx = Vertx.vertx();
    final FakeIlink wechat = FakeIlink.start(TOKEN, 300);
    final InMemorySharedState state = new InMemorySharedState(vertx);
    final InMemoryDurableState durable = new InMemoryDurableState();
    final StaticBoundAccounts accounts = new StaticBoundAccounts();
    final Map<String, String> answers = new ConcurrentHashMap<>();
    final ScriptedTurnHandler turns;
    /** What the members read of the app: set {@code acceptsImages} / {@code acceptsVoice} to take media. */
    volatile AppProfile profile = new AppProfile(APP, "Guide", "", List.of(), false, false);

    private final List<WeChatIlinkChannel> members = new ArrayList<>();

    private final UnaryOperator<WeChatIlinkOptions.Builder> tweak;

    IlinkFixture() {
        this(UnaryOperator.identity());
    }

    IlinkFixture(UnaryOperator<WeChatIlinkOptions.Builder> tweak) {
        this.tweak = tweak;
        this.turns = new ScriptedTurnHandler(
                        vertx,
                        new StaticAppDirectory(new AppProfile(APP, "Guide", "", List.of(), false, false)),
                        q -> answers.getOrDefault(q, "You said: " + q))
                .chunks(64, 1);
        addMember("member-0");
    }

    WeChatIlinkOptions options() {
        return tweak.apply(WeChatIlinkOptions.builder()
                        .apiBaseUrl(wechat.baseUrl())
                        .cdnBaseUrl(wechat.cdnBaseUrl())
                        .leaseTtl(Duration.ofMillis(600))
                        .longPollTimeout(Duration.ofSeconds(1))
                        .requestTimeout(Duration.ofSeconds(5))
                        .recoveryGrace(Duration.ofMillis(800))
                        .dedupeTtl(Duration.ofDays(1))
                        .retryBackoff(Duration.ofMillis(50))
                        .sessionPause(Duration.ofMillis(200))
                        .partBytes(300)
                        .botMessagesPerSecond(1000)
                        .userInterval(Duration.ZERO))
                .build();
    }

    WeChatIlinkChannel addMember(String name) {
        WeChatIlinkChannel channel = WeChatIlinkChannel.create(options());
        channel.mount(
                Router.router(vertx),
                new ChannelContext(
                        vertx,
                        turns,
                        appId -> io.vertx.core.Future.succeededFuture(profile),
                        null,
                        accounts,
                        state.member(name),
                        durable));
        members.add(channel);
        return channel;
    }

    WeChatIlinkChannel member(int index) {
        return members.get(index);
    }

    void bind() {
        JsonObject valid = IlinkBindingType.INSTANCE.validate(new JsonObject().put("botToken", TOKEN));
        accounts.bind(new BoundAccount(BINDING, APP, WeChatIlinkChannel.TYPE, valid));
        members.forEach(m -> m.accountChanged(BINDING));
    }

    int holder() {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).polling(BINDING)) {
                return i;
            }
        }
        return -1;
    }

    String claim(String msgid) {
        return durable.get("wechat-ilink-msg:" + BINDING + ":" + msgid).await();
    }

    @Override
    public void close() {
        members.forEach(WeChatIlinkChannel::stop);
        wechat.close();
        vertx.close().await();
    }
}
