package io.switchboard.channels.wechatkf;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.channels.testing.InMemoryDurableState;
import io.switchboard.channels.testing.InMemorySharedState;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.channels.testing.StaticAppDirectory;
import io.switchboard.channels.testing.StaticBoundAccounts;
import io.switchboard.testkit.weixin.CorpApp;
import io.switchboard.testkit.weixin.FakeWeChatKf;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCrypto;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** The fake 微信客服 API, cluster state, one binding and one or more members with their own HTTP servers. */
final class KfFixture implements AutoCloseable {
    static final String APP = "guide";
    static final String BINDING = "kf-1";
    static final String KF = "wkAbC123";
    static final CorpApp CORP =
            new CorpApp("wwkfcorp01", "kf-secret-0123456789", 0, "kftoken01", WeixinCrypto.newEncodingAesKey());

    final Vertx vertx = Vertx.vertx();
    final FakeWeChatKf wecom = FakeWeChatKf.start(CORP.corpId(), CORP.secret());
    final InMemorySharedState state = new InMemorySharedState(vertx);
    final InMemoryDurableState durable = new InMemoryDurableState();
    final StaticBoundAccounts accounts = new StaticBoundAccounts();
    final Map<String, String> answers = new ConcurrentHashMap<>();
    final ScriptedTurnHandler turns;
    /** What the members read of the app: set {@code acceptsImages} / {@code acceptsVoice} to take media. */
    volatile AppProfile profile = new AppProfile(APP, "Guide", "", List.of(), false, false);

    final WebClient web = WebClient.create(vertx);
    private final UnaryOperator<WeChatKfOptions.Builder> tweak;
    private final List<Member> members = new ArrayList<>();

    record Member(WeChatKfChannel channel, HttpServer server) {
        String url() {
            return "http://127.0.0.1:" + server.actualPort() + WeChatKfChannel.PREFIX + BINDING;
        }
    }

    private KfFixture(UnaryOperator<WeChatKfOptions.Builder> tweak) {
        this.tweak = tweak;
        this.turns = new ScriptedTurnHandler(
                        vertx,
                        new StaticAppDirectory(new AppProfile(APP, "Guide", "", List.of(), false, false)),
                        q -> answers.getOrDefault(q, "You said: " + q))
                .chunks(64, 1);
    }

    static KfFixture start(UnaryOperator<WeChatKfOptions.Builder> tweak) {
        KfFixture fixture = new KfFixture(tweak);
        fixture.addMember("member-0");
        return fixture;
    }

    static KfFixture start() {
        return start(UnaryOperator.identity());
    }

    WeChatKfOptions options() {
        return tweak.apply(WeChatKfOptions.builder()
                        .apiBaseUrl(wecom.apiBaseUrl())
                        .leaseTtl(Duration.ofMillis(600))
                        .pollInterval(Duration.ofSeconds(5))
                        .recoveryGrace(Duration.ofMillis(800))
                        .dedupeTtl(Duration.ofDays(1))
                        .requestTimeout(Duration.ofSeconds(5))
                        .retryBackoff(Duration.ofMillis(50))
                        .sendInterval(Duration.ZERO))
                .build();
    }

    Member addMember(String name) {
        Router router = Router.router(vertx);
        HttpServer server = ChannelTestServer.await(
                vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        WeChatKfChannel channel = WeChatKfChannel.create(options());
        channel.mount(
                router,
                new ChannelContext(
                        vertx,
                        turns,
                        appId -> io.vertx.core.Future.succeededFuture(profile),
                        null,
                        accounts,
                        state.member(name),
                        durable));
        Member member = new Member(channel, server);
        members.add(member);
        return member;
    }

    Member member(int index) {
        return members.get(index);
    }

    JsonObject bind() {
        JsonObject valid = KfBindingType.INSTANCE.validate(new JsonObject()
                .put("corpId", CORP.corpId())
                .put("secret", CORP.secret())
                .put("token", CORP.token())
                .put("encodingAesKey", CORP.encodingAesKey()));
        accounts.bind(new BoundAccount(BINDING, APP, WeChatKfChannel.TYPE, valid));
        members.forEach(m -> m.channel().accountChanged(BINDING));
        return valid;
    }

    int holder() {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).channel().polling(BINDING)) {
                return i;
            }
        }
        return -1;
    }

    /** Posts the signed, encrypted kf_msg_or_event callback to a member, as WeCom would. */
    HttpResponse<Buffer> notify(int member, String token) {
        WeixinCallbacks.Signed signed = WeixinCallbacks.signWeCom(
                CORP, wecom.callbackXml(KF, token), WeixinCallbacks.now(), WeixinCallbacks.nonce());
        return web.postAbs(members.get(member).url() + "?" + signed.query())
                .sendBuffer(Buffer.buffer(signed.body()))
                .await();
    }

    String claim(String msgid) {
        return durable.get("wechat-kf-msg:" + BINDING + ":" + msgid).await();
    }

    @Override
    public void close() {
        members.forEach(m -> m.channel().stop());
        wecom.close();
        vertx.close().await();
    }
}
