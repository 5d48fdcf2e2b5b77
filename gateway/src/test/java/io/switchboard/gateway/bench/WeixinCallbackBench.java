package io.switchboard.gateway.bench;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.channels.spi.AppDirectory;
import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.BoundAccount;
import io.switchboard.channels.spi.BoundAccounts;
import io.switchboard.channels.spi.ChannelContext;
import io.switchboard.channels.spi.TurnHandler;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.channels.wechat.WeChatMpChannel;
import io.switchboard.channels.wechat.WeChatOptions;
import io.switchboard.gateway.cluster.HazelcastSharedState;
import io.switchboard.testkit.weixin.OfficialAccount;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCallbacks.Mode;
import io.switchboard.testkit.weixin.WeixinMessages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test): signed official-account callbacks per second through {@link WeChatMpChannel}
 * with an instant model and passive replies — signature check, replay guard, decryption and XML
 * parsing, the cluster dedupe key, the delivery claim and the (encrypted) reply — over a real
 * single-member Hazelcast {@link HazelcastSharedState}. Every callback is a new message with its own
 * nonce. The load generator runs in the same JVM on the same two cores.
 *
 * <p>{@code bench/weixin-callbacks.sh [mode] [requests] [concurrency]}
 */
public final class WeixinCallbackBench {
    private WeixinCallbackBench() {}

    public static void main(String[] args) throws Exception {
        Mode mode = Mode.valueOf((args.length > 0 ? args[0] : "safe").toUpperCase(Locale.ROOT));
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int warmup = Math.min(20_000, requests / 2);

        Config hzConfig = new Config().setClusterName("bench-" + System.nanoTime());
        hzConfig.getNetworkConfig()
                .setPort(15990)
                .getJoin()
                .getMulticastConfig()
                .setEnabled(false);
        hzConfig.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(hzConfig);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        OfficialAccount account = OfficialAccount.random("bench");
        JsonObject settings = new JsonObject()
                .put("appId", account.appId())
                .put("appSecret", account.secret())
                .put("token", account.token())
                .put("encodingAesKey", account.encodingAesKey())
                .put("mode", mode.name().toLowerCase(Locale.ROOT));
        WeChatMpChannel channel = WeChatMpChannel.create(WeChatOptions.defaults());
        settings = channel.bindingTypes().getFirst().validate(settings);
        BoundAccount binding = new BoundAccount("bench", "app", "wechat-mp", settings);
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
                appId -> Future.succeededFuture(new AppProfile(appId, "Bench", "Hi", List.of(), false, false));
        Router router = Router.router(vertx);
        channel.mount(
                router,
                new ChannelContext(
                        vertx, instant, apps, null, accounts, HazelcastSharedState.create(vertx, hazelcast), null));
        List<HttpServer> servers = new ArrayList<>();
        int port = Integer.getInteger("bench.port", 18190); // fixed: Vert.x shares one port between the servers
        for (int i = 0; i < 2; i++) {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                            .setHost("127.0.0.1")
                            .setPort(port)
                            .setTcpNoDelay(true))
                    .requestHandler(router);
            server.listen().await();
            servers.add(server);
        }
        String url = "http://127.0.0.1:" + port + "/wechat/bench";

        System.out.printf(
                "mode=%s requests=%d concurrency=%d (after %d warm-up)%n", mode, requests, concurrency, warmup);
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(concurrency));
        run(client, url, signed(account, mode, warmup, 0), concurrency);
        long[] latencies = new long[requests];
        List<WeixinCallbacks.Signed> batch = signed(account, mode, requests, warmup);
        long start = System.nanoTime();
        Result result = run(client, url, batch, concurrency, latencies);
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf(
                "%s: %.0f callbacks/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, non-passive or failed: %d%n",
                mode,
                requests / seconds,
                ms(latencies, 0.50),
                ms(latencies, 0.90),
                ms(latencies, 0.99),
                latencies[requests - 1] / 1e6,
                result.bad());
        channel.stop();
        vertx.close().await();
        hazelcast.shutdown();
    }

    private record Result(long bad) {}

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }

    private static List<WeixinCallbacks.Signed> signed(OfficialAccount account, Mode mode, int count, int offset) {
        List<WeixinCallbacks.Signed> out = new ArrayList<>(count);
        long now = WeixinCallbacks.now();
        for (int i = 0; i < count; i++) {
            int n = offset + i;
            String xml = WeixinMessages.text(
                    account.originalId(), "user-" + (n % 5000), now, 1_000_000L + n, "question " + n);
            out.add(WeixinCallbacks.signMp(account, mode, xml, now, "nonce" + n));
        }
        return out;
    }

    private static Result run(HttpClient client, String url, List<WeixinCallbacks.Signed> batch, int concurrency)
            throws Exception {
        return run(client, url, batch, concurrency, new long[batch.size()]);
    }

    private static Result run(
            HttpClient client, String url, List<WeixinCallbacks.Signed> batch, int concurrency, long[] latencies)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong bad = new AtomicLong();
        CountDownLatch done = new CountDownLatch(batch.size());
        for (int i = 0; i < concurrency; i++) {
            sendNext(client, url, batch, next, latencies, bad, done);
        }
        done.await();
        return new Result(bad.get());
    }

    private static void sendNext(
            HttpClient client,
            String url,
            List<WeixinCallbacks.Signed> batch,
            AtomicInteger next,
            long[] latencies,
            AtomicLong bad,
            CountDownLatch done) {
        int index = next.getAndIncrement();
        if (index >= batch.size()) {
            return;
        }
        WeixinCallbacks.Signed request = batch.get(index);
        long start = System.nanoTime();
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url + "?" + request.query()))
                .compose(r -> r.send(request.body())
                        .compose(response -> response.body()
                                .map(body -> response.statusCode() == 200
                                        && body.toString().startsWith("<xml>"))))
                .onComplete(outcome -> {
                    latencies[index] = System.nanoTime() - start;
                    if (outcome.failed() || !outcome.result()) {
                        bad.incrementAndGet();
                    }
                    done.countDown();
                    sendNext(client, url, batch, next, latencies, bad, done);
                });
    }
}
