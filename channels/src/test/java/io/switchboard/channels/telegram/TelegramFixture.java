package io.switchboard.channels.telegram;

import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.channels.testing.InMemoryDurableState;
import io.switchboard.channels.testing.InMemorySharedState;
import io.switchboard.channels.testing.ScriptedTurnHandler;
import io.switchboard.channels.testing.StaticAppDirectory;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A fake Bot API, shared state, bindings, a scripted app, and one or more "members": each a
 * {@link TelegramChannel} mounted on its own HTTP server, as gateway nodes would be.
 */
final class TelegramFixture implements AutoCloseable {
    static final String APP = "guide";
    static final String TOKEN = "123456789:AAEtestTokenForSwitchboardTests00";
    static final String SECRET = "webhook-secret-for-tests-0123456789";
    static final String OPENING = "Welcome to the **guide**.";
    static final List<String> QUESTIONS = List.of("What can you do?", "How do I start?");

    final Vertx vertx = Vertx.vertx();
    final FakeTelegramBotApi api = FakeTelegramBotApi.start();
    final InMemorySharedState state = new InMemorySharedState(vertx);
    final InMemoryDurableState durable = new InMemoryDurableState();
    final MapBoundAccounts accounts = new MapBoundAccounts();
    final Map<String, String> answers = new ConcurrentHashMap<>();
    volatile java.util.function.Function<String, String> defaultAnswer = q -> "You said: " + q;
    final ScriptedTurnHandler turns;
    private final UnaryOperator<TelegramOptions.Builder> tweak;
    private final List<Member> members = new ArrayList<>();

    record Member(TelegramChannel channel, HttpServer server, String publicUrl) {}

    private TelegramFixture(UnaryOperator<TelegramOptions.Builder> tweak) {
        this.tweak = tweak;
        StaticAppDirectory apps =
                new StaticAppDirectory(new AppProfile(APP, "Guide", OPENING, QUESTIONS, false, false));
        this.turns =
                new ScriptedTurnHandler(vertx, apps, q -> answers.getOrDefault(q, defaultAnswer.apply(q))).chunks(8, 1);
    }

    static TelegramFixture start() {
        return start(UnaryOperator.identity());
    }

    static TelegramFixture start(UnaryOperator<TelegramOptions.Builder> tweak) {
        TelegramFixture fixture = new TelegramFixture(tweak);
        fixture.addMember("member-0");
        return fixture;
    }

    /** Starts one more member (its own channel and HTTP server) over the same state and bindings. */
    Member addMember(String name) {
        Router router = Router.router(vertx);
        HttpServer server = ChannelTestServer.await(
                vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        String publicUrl = "http://127.0.0.1:" + server.actualPort();
        TelegramOptions options = tweak.apply(TelegramOptions.builder()
                        .publicUrl(publicUrl)
                        .apiBaseUrl(api.baseUrl())
                        .pollTimeout(Duration.ofSeconds(1))
                        .leaseTtl(Duration.ofMillis(600))
                        .chatInterval(Duration.ZERO)
                        .botMessagesPerSecond(1000)
                        .streamInterval(Duration.ofMillis(15))
                        .retryBackoff(Duration.ofMillis(10)))
                .build();
        TelegramChannel channel = TelegramChannel.create(options);
        channel.mount(
                router,
                new ChannelContext(
                        vertx,
                        turns,
                        new StaticAppDirectory(new AppProfile(APP, "Guide", OPENING, QUESTIONS, false, false)),
                        null,
                        accounts,
                        state.member(name),
                        durable));
        Member member = new Member(channel, server, publicUrl);
        members.add(member);
        return member;
    }

    Member member(int index) {
        return members.get(index);
    }

    /** Validates {@code settings} as the admin API does, stores the binding and tells every member. */
    JsonObject bind(String bindingId, JsonObject settings) {
        return bind(bindingId, APP, settings);
    }

    /** Binds the bot to {@code appId}: the directory knows only {@link #APP}, any other is unpublished. */
    JsonObject bind(String bindingId, String appId, JsonObject settings) {
        JsonObject valid = TelegramBindingType.INSTANCE.validate(settings);
        accounts.put(new BoundAccount(bindingId, appId, TelegramChannel.TYPE, valid));
        members.forEach(m -> m.channel().accountChanged(bindingId));
        return valid;
    }

    JsonObject bindWebhook(String bindingId) {
        return bind(bindingId, new JsonObject().put("botToken", TOKEN).put("webhookSecret", SECRET));
    }

    JsonObject bindPolling(String bindingId) {
        return bind(bindingId, new JsonObject().put("botToken", TOKEN).put("mode", "polling"));
    }

    void stopMember(int index) {
        Member member = members.get(index);
        member.channel().stop();
        ChannelTestServer.await(member.server().close());
    }

    /**
     * Kills a member as {@code kill -9} would: no heartbeat, no intake, answers in progress abandoned
     * without being marked done. Its shared-state heartbeat then expires on its own.
     */
    void crashMember(int index) {
        Member member = members.get(index);
        member.channel().crash();
        ChannelTestServer.await(member.server().close());
    }

    /** In-flight records of {@code bindingId} in durable state: accepted updates not answered yet. */
    java.util.List<io.switchboard.channels.spi.DurableState.Entry> inflight(String bindingId) {
        return durable.list("telegram-update:" + bindingId + ":", InflightUpdates.PREFIX, 100)
                .await();
    }

    @Override
    public void close() {
        members.forEach(m -> m.channel().stop());
        api.close();
        ChannelTestServer.await(vertx.close());
    }
}
