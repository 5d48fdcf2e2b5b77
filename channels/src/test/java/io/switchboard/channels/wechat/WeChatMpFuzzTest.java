package io.switchboard.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.testing.CallbackMutations;
import io.switchboard.channels.testing.CallbackMutations.Request;
import io.switchboard.channels.testing.ChannelTestServer;
import io.switchboard.testkit.weixin.OfficialAccount;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCallbacks.Mode;
import io.switchboard.testkit.weixin.WeixinCallbacks.Response;
import io.switchboard.testkit.weixin.WeixinCrypto;
import io.switchboard.testkit.weixin.WeixinMessages;
import io.vertx.core.http.HttpMethod;
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
 * Thousands of callbacks to two members — valid ones, redeliveries of valid ones, and mutants with
 * broken or valid signatures over broken bodies — 16 at a time. No 5xx ever; every valid message
 * runs one turn and its answer goes out one way only (passive, or customer service, never both).
 */
class WeChatMpFuzzTest {
    private static final int CALLBACKS = 3000;

    @Test
    void should_never_fail_with_5xx_and_answer_every_valid_message_once() throws Exception {
        try (MpFixture fixture = new MpFixture(WeChatOptions.defaults())) {
            OfficialAccount safe = fixture.bind("fz-safe", Mode.SAFE, true, null);
            OfficialAccount plain = fixture.bind("fz-plain", Mode.PLAINTEXT, true, null);
            Random random = new Random(42);
            CallbackMutations mutations =
                    new CallbackMutations(7); // used from many threads: order varies, fine for a fuzz
            List<Sent> valid = new CopyOnWriteArrayList<>();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            Map<String, List<Response>> responses = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CALLBACKS; i++) {
                int n = i;
                boolean useSafe = random.nextBoolean();
                int kind = random.nextInt(3);
                running.add(pool.submit(() -> {
                    Sent earlier = valid.isEmpty() ? null : valid.get(new Random(n).nextInt(valid.size()));
                    OfficialAccount account = useSafe ? safe : plain;
                    String binding = useSafe ? "fz-safe" : "fz-plain";
                    Mode mode = useSafe ? Mode.SAFE : Mode.PLAINTEXT;
                    String url = fixture.url(n % 2, binding);
                    if (kind == 0 || earlier == null) {
                        String user = "fz-user-" + n;
                        String xml = WeixinMessages.text(
                                account.originalId(),
                                user,
                                WeixinCallbacks.now(),
                                MpFixture.nextMsgId(),
                                "question " + n);
                        var signed = WeixinCallbacks.signMp(
                                account, mode, xml, WeixinCallbacks.now(), WeixinCallbacks.nonce());
                        Sent sent = new Sent(
                                user, "question " + n, account, url, new Request(signed.query(), signed.body()));
                        Response response = post(fixture, url, sent.request());
                        count(statuses, response.status());
                        responses
                                .computeIfAbsent(user, u -> new CopyOnWriteArrayList<>())
                                .add(response);
                        valid.add(sent);
                    } else if (kind == 1) {
                        Response response = post(
                                fixture,
                                fixture.url((n + 1) % 2, earlier.url().contains("fz-safe") ? "fz-safe" : "fz-plain"),
                                earlier.request());
                        count(statuses, response.status());
                        responses
                                .computeIfAbsent(earlier.user(), u -> new CopyOnWriteArrayList<>())
                                .add(response);
                    } else {
                        Request mutant = mutations.mutate(
                                earlier.request(),
                                (body, resign) -> resign
                                        ? resigned(
                                                earlier.account(), earlier.url().contains("fz-safe"), body)
                                        : new Request(earlier.request().query(), body));
                        count(statuses, post(fixture, url, mutant).status());
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();

            assertThat(statuses.keySet()).as("statuses seen: " + statuses).allMatch(s -> s < 500);
            Map<String, Long> turns = fixture.turns.received().stream()
                    .collect(Collectors.groupingBy(InboundMessage::userId, Collectors.counting()));
            for (Sent sent : valid) {
                assertThat(turns.get(sent.user()))
                        .as("turns for " + sent.user())
                        .isEqualTo(1L);
                List<Response> got = responses.get(sent.user());
                assertThat(got).allMatch(r -> r.status() == 200);
                boolean passive = got.stream()
                        .anyMatch(
                                r -> r.body().contains("<Content>") || r.body().contains("<Encrypt>"));
                long custom = fixture.platform.seen(sent.user()).stream()
                        .filter(s -> s.via().equals("custom"))
                        .count();
                assertThat(custom)
                        .as("customer-service sends for " + sent.user())
                        .isEqualTo(passive ? 0 : 1);
            }
            assertThat(valid.size()).isGreaterThan(CALLBACKS / 4);
            assertThat(statuses).as("statuses seen").containsKeys(200, 400, 403);
            assertThat(statuses.get(400).get()).as("400s").isGreaterThan(50);
            assertThat(statuses.get(403).get()).as("403s").isGreaterThan(50);
        }
    }

    private record Sent(String user, String text, OfficialAccount account, String url, Request request) {}

    private static void count(Map<Integer, AtomicInteger> statuses, int status) {
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    private static Response post(MpFixture fixture, String url, Request request) {
        return ChannelTestServer.await(
                fixture.callbacks().send(HttpMethod.POST, url + "?" + request.query(), request.body()));
    }

    /** Fresh timestamp and nonce, signatures valid for the mutated body. */
    private static Request resigned(OfficialAccount account, boolean safe, String body) {
        String ts = Long.toString(WeixinCallbacks.now());
        String nonce = WeixinCallbacks.nonce();
        String query = "signature=" + WeixinCrypto.signature(account.token(), ts, nonce) + "&timestamp=" + ts
                + "&nonce=" + nonce;
        if (safe) {
            String encrypted = body.contains("<Encrypt>") && body.contains("</Encrypt>")
                    ? body.substring(body.indexOf("<Encrypt>") + 9, body.indexOf("</Encrypt>"))
                            .replace("<![CDATA[", "")
                            .replace("]]>", "")
                    : "";
            query += "&encrypt_type=aes&msg_signature=" + WeixinCrypto.signature(account.token(), ts, nonce, encrypted);
        }
        return new Request(query, body);
    }
}
