package io.switchboard.gateway.bench;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.channels.ilink.WeChatIlinkChannel;
import io.switchboard.channels.ilink.WeChatIlinkOptions;
import io.switchboard.channels.spi.AppDirectory;
import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.BoundAccounts;
import io.switchboard.channels.spi.ChannelAdapter;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.DurableState;
import io.switchboard.channels.spi.TurnHandler;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.channels.wechatkf.WeChatKfChannel;
import io.switchboard.channels.wechatkf.WeChatKfOptions;
import io.switchboard.gateway.bridge.StoreDurableState;
import io.switchboard.gateway.cluster.HazelcastSharedState;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import io.switchboard.testkit.weixin.FakeIlink;
import io.switchboard.testkit.weixin.FakeWeChatKf;
import io.switchboard.testkit.weixin.WeixinCrypto;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Benchmark (not a test) for the two pulling WeChat channels, {@code kf} (微信客服, {@code sync_msg})
 * and {@code ilink} (personal WeChat, {@code getupdates}): messages per second answered with an
 * instant model (durable claims in H2, cursor commits, Hazelcast shared state), then the takeover time
 * after the poller's member dies in a two-member cluster.
 *
 * <p>{@code bench/weixin-pull.sh [kf|ilink] [messages] [leaseTtlSeconds]}
 */
public final class WeixinPullBench {
    private static final SecretBox SHARED_KEY = SecretBox.fromBase64(SecretBox.generateKeyBase64());

    private WeixinPullBench() {}

    private record Platform(String type, JsonObject settings, Runnable say, IntSupplier answered, AutoCloseable fake) {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "kf";
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        Duration lease = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 15);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        Database database = Database.open(
                new DatabaseConfig("jdbc:h2:mem:pull-bench;DB_CLOSE_DELAY=-1", "sa", Secret.of("bench"), 8),
                SecretBox.create(new byte[SecretBox.KEY_BYTES]));
        DurableState durable = StoreDurableState.create(vertx, database.durableKeys());
        HazelcastInstance first = hazelcast(15993);
        HazelcastInstance second = hazelcast(15994);
        Platform platform;
        Function<Integer, ChannelAdapter> channels;
        if (mode.equals("ilink")) {
            FakeIlink fake = FakeIlink.start("bench-token-0123456789", 200);
            int[] n = {0};
            platform = new Platform(
                    "wechat-ilink",
                    new JsonObject().put("botToken", "bench-token-0123456789"),
                    () -> fake.userSays("u" + (n[0]++ % 500) + "@im.wechat", "question " + n[0]),
                    () -> fake.sent().size(),
                    fake);
            WeChatIlinkOptions options = WeChatIlinkOptions.builder()
                    .apiBaseUrl(fake.baseUrl())
                    .leaseTtl(lease)
                    .botMessagesPerSecond(1000)
                    .userInterval(Duration.ZERO)
                    .build();
            channels = i -> WeChatIlinkChannel.create(options);
        } else {
            FakeWeChatKf fake = FakeWeChatKf.start("wwbench01", "bench-secret-0123");
            int[] n = {0};
            platform = new Platform(
                    "wechat-kf",
                    new JsonObject()
                            .put("corpId", "wwbench01")
                            .put("secret", "bench-secret-0123")
                            .put("token", "benchtoken")
                            .put("encodingAesKey", WeixinCrypto.newEncodingAesKey()),
                    () -> fake.customerSays("wkBench", "wm" + (n[0]++), "question " + n[0]),
                    () -> fake.sent().size(),
                    fake);
            WeChatKfOptions fast = WeChatKfOptions.builder()
                    .apiBaseUrl(fake.apiBaseUrl())
                    .leaseTtl(lease)
                    .pollInterval(Duration.ofMillis(100))
                    .sendInterval(Duration.ZERO)
                    .build();
            channels = i -> WeChatKfChannel.create(fast);
        }
        ChannelAdapter a = channels.apply(0);
        BoundAccount binding = new BoundAccount(
                "bench", "app", platform.type(), a.bindingTypes().getFirst().validate(platform.settings()));
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
        TurnHandler instant = (message, onChunk) -> Future.succeededFuture(
                new TurnReply(message.conversationId(), "echo: " + message.text(), 1, 1, false, List.of(), null, null));
        AppDirectory apps =
                appId -> Future.succeededFuture(new AppProfile(appId, "Bench", "", List.of(), false, false));
        mount(a, vertx, instant, apps, accounts, HazelcastSharedState.create(vertx, first, SHARED_KEY), durable);

        System.out.printf("mode=%s messages=%d leaseTtl=%s%n", mode, messages, lease);
        run(platform, Math.max(1, messages / 5));
        long start = System.nanoTime();
        run(platform, messages);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "throughput: %.0f messages/s (%d answered in %.2f s)%n", messages / seconds, messages, seconds);

        ChannelAdapter b = channels.apply(1);
        mount(b, vertx, instant, apps, accounts, HazelcastSharedState.create(vertx, second, SHARED_KEY), durable);
        long killed = System.nanoTime();
        a.stop();
        first.getLifecycleService().terminate();
        int before = platform.answered().getAsInt();
        platform.say().run();
        spin(() -> platform.answered().getAsInt() > before);
        System.out.printf(
                "takeover: a message sent at the kill was answered %.2f s after it (lease TTL %s)%n",
                (System.nanoTime() - killed) / 1e9, lease);
        b.stop();
        System.exit(0);
    }

    private static void run(Platform platform, int count) {
        int base = platform.answered().getAsInt();
        for (int i = 0; i < count; i++) {
            platform.say().run();
        }
        spin(() -> platform.answered().getAsInt() - base >= count);
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
        Config config = new Config().setClusterName("pull-bench");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig()
                .getJoin()
                .getTcpIpConfig()
                .setEnabled(true)
                .setMembers(List.of("127.0.0.1:15993", "127.0.0.1:15994"));
        return Hazelcast.newHazelcastInstance(config);
    }

    /** Busy-waits (parking 50 µs at a time) for a condition: a benchmark's wait, not a test's. */
    private static void spin(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark condition not reached in 3 minutes");
            }
            LockSupport.parkNanos(50_000);
        }
    }
}
