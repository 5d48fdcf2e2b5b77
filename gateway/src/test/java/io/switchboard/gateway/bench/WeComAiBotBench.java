package io.switchboard.gateway.bench;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.channels.spi.AppDirectory;
import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.BoundAccounts;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.DurableState;
import io.switchboard.channels.spi.TurnHandler;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.channels.wecomaibot.WeComAiBotChannel;
import io.switchboard.channels.wecomaibot.WeComAiBotOptions;
import io.switchboard.gateway.bridge.StoreDurableState;
import io.switchboard.gateway.cluster.HazelcastSharedState;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import io.switchboard.testkit.FakeWeComAiBot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark (not a test) for the WeCom AI bot long connection: messages per second through {@link
 * WeComAiBotChannel} with an instant model (claim in H2, turn, finished stream frame, done mark in H2,
 * over a real Hazelcast shared state), then the takeover time after the connection's holder dies in a
 * two-member Hazelcast cluster: from the kill to the survivor answering a new message.
 *
 * <p>{@code bench/wecom-aibot.sh [messages] [inflight] [leaseTtlSeconds]}
 */
public final class WeComAiBotBench {
    private static final String BOT = "aibBench";
    private static final String SECRET = "bench-secret-0123456789";

    private WeComAiBotBench() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int inflight = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Duration leaseTtl = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 15);

        FakeWeComAiBot wecom = FakeWeComAiBot.start(0, false).addBot(BOT, SECRET);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        Database database = Database.open(
                new DatabaseConfig("jdbc:h2:mem:aibot-bench;DB_CLOSE_DELAY=-1", "sa", Secret.of("bench"), 8),
                SecretBox.create(new byte[SecretBox.KEY_BYTES]));
        DurableState durable = StoreDurableState.create(vertx, database.durableKeys());
        HazelcastInstance first = hazelcast(15991);
        HazelcastInstance second = hazelcast(15992);
        WeComAiBotOptions options = WeComAiBotOptions.builder()
                .wsUrl(wecom.wsUrl())
                .leaseTtl(leaseTtl)
                .chatPushInterval(Duration.ZERO)
                .botPushesPerSecond(1000)
                .build();
        TurnHandler instant = (message, onChunk) -> Future.succeededFuture(
                new TurnReply(message.conversationId(), "echo: " + message.text(), 1, 1, false, List.of(), null, null));
        AppDirectory apps =
                appId -> Future.succeededFuture(new AppProfile(appId, "Bench", "", List.of(), false, false));
        JsonObject settings = new JsonObject().put("botId", BOT).put("secret", SECRET);
        WeComAiBotChannel a = WeComAiBotChannel.create(options);
        BoundAccount binding = new BoundAccount(
                "bench", "app", a.type(), a.bindingTypes().getFirst().validate(settings));
        BoundAccounts accounts = new BoundAccounts() {
            @Override
            public Future<BoundAccount> find(String bindingId) {
                return Future.succeededFuture(binding);
            }

            @Override
            public Future<List<BoundAccount>> enabled(String type) {
                return Future.succeededFuture(List.of(binding));
            }
        };
        mount(a, vertx, instant, apps, accounts, HazelcastSharedState.create(vertx, first), durable);
        spin(() -> wecom.subscribed(BOT));

        System.out.printf("messages=%d inflight=%d leaseTtl=%s%n", messages, inflight, leaseTtl);
        run(wecom, Math.min(5_000, messages / 4), inflight, "warm");
        long start = System.nanoTime();
        run(wecom, messages, inflight, "run");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "throughput: %.0f messages/s (%d answered in %.2f s)%n", messages / seconds, messages, seconds);

        // Takeover: a second member joins, the holder's member dies (Hazelcast terminated, channel gone).
        WeComAiBotChannel b = WeComAiBotChannel.create(options);
        mount(b, vertx, instant, apps, accounts, HazelcastSharedState.create(vertx, second), durable);
        int subscriptions = wecom.subscriptions();
        long killed = System.nanoTime();
        a.stop();
        first.getLifecycleService().terminate();
        spin(() -> wecom.subscriptions() > subscriptions && wecom.subscribed(BOT));
        long connected = System.nanoTime();
        int before = wecom.finishedAnswers();
        wecom.pushText(BOT, "after-takeover", "u1", "still there?");
        spin(() -> wecom.finishedAnswers() > before);
        long answered = System.nanoTime();
        System.out.printf(
                "takeover: survivor connected %.2f s after the kill, answered %.2f s after it (lease TTL %s)%n",
                (connected - killed) / 1e9, (answered - killed) / 1e9, leaseTtl);
        b.stop();
        vertx.close().await();
        second.shutdown();
        database.close();
        wecom.close();
        System.exit(0);
    }

    private static void run(FakeWeComAiBot wecom, int count, int inflight, String prefix) {
        int base = wecom.finishedAnswers();
        for (int i = 0; i < count; i++) {
            int sent = i;
            spin(() -> sent - (wecom.finishedAnswers() - base) < inflight);
            wecom.pushText(BOT, prefix + "-" + i, "user" + (i % 500), "question " + i);
        }
        spin(() -> wecom.finishedAnswers() - base >= count);
    }

    private static void mount(
            ChannelAdapter channel,
            Vertx vertx,
            TurnHandler turns,
            AppDirectory apps,
            BoundAccounts accounts,
            HazelcastSharedState shared,
            DurableState durable) {
        channel.mount(Router.router(vertx), new ChannelContext(vertx, turns, apps, null, accounts, shared, durable));
    }

    private static HazelcastInstance hazelcast(int port) {
        Config config = new Config().setClusterName("aibot-bench");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig()
                .getJoin()
                .getTcpIpConfig()
                .setEnabled(true)
                .setMembers(List.of("127.0.0.1:15991", "127.0.0.1:15992"));
        return Hazelcast.newHazelcastInstance(config);
    }

    /** Busy-waits (parking 50 µs at a time) for a condition: a benchmark's wait, not a test's. */
    private static void spin(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark condition not reached in 2 minutes");
            }
            LockSupport.parkNanos(50_000);
        }
    }
}
