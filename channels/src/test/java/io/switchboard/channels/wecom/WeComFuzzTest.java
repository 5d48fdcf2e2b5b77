package io.switchboard.channels.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.testing.CallbackMutations;
import io.switchboard.channels.testing.CallbackMutations.Request;
import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.testkit.weixin.CorpApp;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCrypto;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Thousands of WeCom callbacks to two members — valid, redelivered and mutated — 16 at a time: no 5xx,
 * and every valid message answered through message/send exactly once.
 */
class WeComFuzzTest {
    private static final int CALLBACKS = 3000;

    private record Sent(String user, Request request) {}

    @Test
    void should_never_fail_with_5xx_and_send_every_valid_message_one_answer() throws Exception {
        try (CpFixture fixture = new CpFixture()) {
            CorpApp app = fixture.bind("fz-wecom", 1000003, false);
            CallbackMutations mutations = new CallbackMutations(11);
            List<Sent> valid = new CopyOnWriteArrayList<>();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CALLBACKS; i++) {
                int n = i;
                running.add(pool.submit(() -> {
                    Random random = new Random(n);
                    int kind = random.nextInt(3);
                    Sent earlier = valid.isEmpty() ? null : valid.get(random.nextInt(valid.size()));
                    String url = fixture.url(n % 2, "fz-wecom");
                    Request request;
                    if (kind == 0 || earlier == null) {
                        String user = "fz-member-" + n;
                        var signed = WeixinCallbacks.signWeCom(
                                app,
                                CpFixture.text(app, user, "question " + n),
                                WeixinCallbacks.now(),
                                WeixinCallbacks.nonce());
                        request = new Request(signed.query(), signed.body());
                        valid.add(new Sent(user, request));
                    } else if (kind == 1) {
                        request = earlier.request();
                    } else {
                        request = mutations.mutate(
                                earlier.request(),
                                (body, resign) -> resign
                                        ? resigned(app, body)
                                        : new Request(earlier.request().query(), body));
                    }
                    int status = ChannelTestServer.await(fixture.platform
                                    .callbacks()
                                    .send(HttpMethod.POST, url + "?" + request.query(), request.body()))
                            .status();
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();

            assertThat(statuses.keySet()).as("statuses seen: " + statuses).allMatch(s -> s < 500);
            assertThat(statuses.get(400).get()).as("400s").isGreaterThan(50);
            assertThat(statuses.get(403).get()).as("403s").isGreaterThan(50);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> fixture.platform.seen().size() >= valid.size());
            Map<String, Long> turns = fixture.turns.received().stream()
                    .collect(Collectors.groupingBy(InboundMessage::userId, Collectors.counting()));
            Map<String, Long> sends = fixture.platform.seen().stream()
                    .collect(Collectors.groupingBy(s -> s.user(), Collectors.counting()));
            for (Sent sent : valid) {
                assertThat(turns.get(sent.user()))
                        .as("turns for " + sent.user())
                        .isEqualTo(1L);
                assertThat(sends.get(sent.user()))
                        .as("answers to " + sent.user())
                        .isEqualTo(1L);
            }
            assertThat(fixture.platform.seen()).hasSize(valid.size());
        }
    }

    private static Request resigned(CorpApp app, String body) {
        String ts = Long.toString(WeixinCallbacks.now());
        String nonce = WeixinCallbacks.nonce();
        String encrypted = body.contains("<Encrypt>") && body.contains("</Encrypt>")
                ? body.substring(body.indexOf("<Encrypt>") + 9, body.indexOf("</Encrypt>"))
                        .replace("<![CDATA[", "")
                        .replace("]]>", "")
                : "";
        return new Request(
                "msg_signature=" + WeixinCrypto.signature(app.token(), ts, nonce, encrypted) + "&timestamp=" + ts
                        + "&nonce=" + nonce,
                body);
    }
}
