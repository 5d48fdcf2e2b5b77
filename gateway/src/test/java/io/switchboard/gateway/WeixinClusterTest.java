package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.ModelBehaviour;
import io.switchboard.testkit.weixin.Seen;
import io.switchboard.testkit.weixin.WeixinCallbacks;
import io.switchboard.testkit.weixin.WeixinCallbacks.Mode;
import io.switchboard.testkit.weixin.WeixinCallbacks.Outcome;
import io.switchboard.testkit.weixin.WeixinMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly once across a cluster: two gateway members behind the fake platform, which delivers each
 * callback to one member, hangs up at its (scaled) 5 s deadline and retries on the other member.
 * Model latencies are the fast / 4.9 s / 6 s / 20 s, scaled like the deadline (÷5).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WeixinClusterTest {
    private static final int USERS = 4;
    private static final int MESSAGES = 2;
    private static final AtomicLong MSG_IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private WeixinCluster cluster;
    private final ExecutorService users = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeAll
    void start(@TempDir Path dir) {
        cluster = new WeixinCluster(dir);
    }

    @AfterAll
    void stop() throws Exception {
        users.shutdownNow();
        cluster.close();
    }

    private void modelTakes(long millis) {
        cluster.model.reset();
        cluster.model.defaultBehaviour(
                millis == 0 ? ModelBehaviour.echo() : ModelBehaviour.slowFirstToken(Duration.ofMillis(millis)));
    }

    @Test
    @Order(1)
    void should_bind_accounts_through_the_admin_api_and_pass_both_platforms_url_checks() {
        List<JsonNode> bindings = cluster.bindAll();

        assertThat(bindings.get(0).get("callbackUrl").asText()).endsWith("/wechat/" + cluster.serviceBinding);
        assertThat(bindings.get(2).get("callbackUrl").asText()).endsWith("/wecom/" + cluster.corpBinding);
        assertThat(bindings.get(0).get("settings").get("appSecret").asText()).doesNotContain(cluster.service.secret());
        var callbacks = cluster.platform.callbacks();
        var mp = callbacks.verifyMp(
                cluster.service,
                cluster.urls("/wechat/", cluster.serviceBinding, 1).getFirst());
        var wecom = callbacks.verifyWeCom(
                cluster.corp, cluster.urls("/wecom/", cluster.corpBinding, 0).getFirst(), "echo-42");
        assertThat(mp.await().status()).isEqualTo(200);
        assertThat(mp.await().body()).startsWith("echo");
        assertThat(wecom.await().body()).isEqualTo("echo-42");
    }

    /** Fast, 4.9 s, 6 s and 20 s at full scale. */
    @ParameterizedTest(name = "model latency {0} ms (scaled)")
    @ValueSource(longs = {0, 980, 1200, 4000})
    @Order(2)
    void should_give_each_service_account_user_exactly_one_answer_per_message_in_order(long latency) throws Exception {
        modelTakes(latency);
        List<String> names = runUsers("svc" + latency, (user, index, text) -> {
            String xml = WeixinMessages.text(
                    cluster.service.originalId(), user, WeixinCallbacks.now(), MSG_IDS.incrementAndGet(), text);
            Outcome outcome = cluster.platform
                    .callbacks()
                    .deliverMp(
                            cluster.service,
                            Mode.SAFE,
                            cluster.urls("/wechat/", cluster.serviceBinding, index % 2),
                            xml,
                            WeixinCluster.DEADLINE,
                            3)
                    .await();
            assertThat(outcome.failed()).isFalse();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> cluster.platform.seen(user).size() > answered(user, text));
        });

        assertEachUserSawExactlyTheirAnswersInOrder(names);
        assertThat(cluster.model.requests()).as("one model call per message").hasSize(USERS * MESSAGES);
    }

    @ParameterizedTest(name = "model latency {0} ms (scaled)")
    @ValueSource(longs = {980, 1200})
    @Order(3)
    void should_answer_a_subscription_account_on_a_retry_that_lands_on_the_other_member(long latency) throws Exception {
        modelTakes(latency);
        List<String> names = runUsers("sub" + latency, (user, index, text) -> {
            String xml = WeixinMessages.text(
                    cluster.subscription.originalId(), user, WeixinCallbacks.now(), MSG_IDS.incrementAndGet(), text);
            Outcome outcome = cluster.platform
                    .callbacks()
                    .deliverMp(
                            cluster.subscription,
                            Mode.COMPATIBLE,
                            cluster.urls("/wechat/", cluster.subscriptionBinding, index % 2),
                            xml,
                            WeixinCluster.DEADLINE,
                            3)
                    .await();
            assertThat(outcome.attempts()).hasSizeGreaterThan(1);
            assertThat(outcome.reply()).startsWith("echo: " + text);
        });

        assertEachUserSawExactlyTheirAnswersInOrder(names);
        assertThat(cluster.model.requests()).hasSize(USERS * MESSAGES);
    }

    @Test
    @Order(4)
    void should_keep_a_20_second_answer_for_the_subscribers_next_message() throws Exception {
        modelTakes(4000);
        String user = "sub-slow";
        String slow = WeixinMessages.text(
                cluster.subscription.originalId(), user, WeixinCallbacks.now(), MSG_IDS.incrementAndGet(), "slow one");
        Outcome first = cluster.platform
                .callbacks()
                .deliverMp(
                        cluster.subscription,
                        Mode.COMPATIBLE,
                        cluster.urls("/wechat/", cluster.subscriptionBinding, 0),
                        slow,
                        WeixinCluster.DEADLINE,
                        3)
                .await();
        assertThat(first.attempts()).hasSize(3);
        assertThat(first.reply()).isEqualTo("PENDING");
        String pending = "wx:pending:" + cluster.subscriptionBinding + ":" + user;
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        cluster.first.hazelcast().getMap("switchboard.shared").containsKey(pending));

        modelTakes(0);
        String next = WeixinMessages.text(
                cluster.subscription.originalId(), user, WeixinCallbacks.now(), MSG_IDS.incrementAndGet(), "next one");
        Outcome second = cluster.platform
                .callbacks()
                .deliverMp(
                        cluster.subscription,
                        Mode.COMPATIBLE,
                        cluster.urls("/wechat/", cluster.subscriptionBinding, 1),
                        next,
                        WeixinCluster.DEADLINE,
                        3)
                .await();

        assertThat(second.reply()).startsWith("echo: slow one").contains("echo: next one");
        assertThat(cluster.platform.seen(user)).hasSize(2);
    }

    @ParameterizedTest(name = "model latency {0} ms (scaled)")
    @ValueSource(longs = {0, 1200})
    @Order(5)
    void should_send_each_wecom_member_exactly_one_answer_per_message_in_order(long latency) throws Exception {
        modelTakes(latency);
        List<String> names = runUsers("wc" + latency, (user, index, text) -> {
            String xml = WeixinMessages.wecomText(
                    cluster.corp.corpId(),
                    user,
                    WeixinCallbacks.now(),
                    MSG_IDS.incrementAndGet(),
                    cluster.corp.agentId(),
                    text);
            Outcome outcome = cluster.platform
                    .callbacks()
                    .deliverWeCom(
                            cluster.corp,
                            cluster.urls("/wecom/", cluster.corpBinding, index % 2),
                            xml,
                            WeixinCluster.DEADLINE,
                            3)
                    .await();
            assertThat(outcome.attempts()).hasSize(1);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> cluster.platform.seen(user).size() > answered(user, text));
        });

        assertEachUserSawExactlyTheirAnswersInOrder(names);
    }

    @Test
    @Order(6)
    void should_have_fetched_one_access_token_per_account_for_the_whole_cluster() {
        // The service account and the WeCom app called the platform's APIs from both members; the
        // subscription account never needs a token.
        assertThat(cluster.platform.apiCalls()).contains("/cgi-bin/message/custom/send", "/cgi-bin/message/send");
        assertThat(cluster.platform.tokensIssuedTo())
                .as("tokens issued; API calls: " + cluster.platform.apiCalls())
                .containsExactlyInAnyOrder(cluster.service.appId(), cluster.corp.corpId());
    }

    @FunctionalInterface
    private interface Exchange {
        void send(String user, int index, String text) throws Exception;
    }

    /** USERS users in parallel, each sending MESSAGES messages one after the other. */
    private List<String> runUsers(String prefix, Exchange exchange) throws Exception {
        List<String> names = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String user = prefix + "-user-" + u;
            int index = u;
            names.add(user);
            running.add(users.submit(() -> {
                for (int m = 0; m < MESSAGES; m++) {
                    exchange.send(user, index + m, "question " + m + " from " + user);
                }
                return null;
            }));
        }
        for (Future<?> user : running) {
            user.get();
        }
        // Late answers (customer-service messages) still arrive; a duplicate would show up within a deadline.
        await().during(WeixinCluster.DEADLINE)
                .atMost(WeixinCluster.DEADLINE.multipliedBy(8))
                .untilAsserted(() -> names.forEach(
                        user -> assertThat(cluster.platform.seen(user)).as(user).hasSize(MESSAGES)));
        return names;
    }

    private int answered(String user, String text) {
        return (int) cluster.platform.seen(user).stream()
                .filter(s -> !s.text().contains(text))
                .count();
    }

    private void assertEachUserSawExactlyTheirAnswersInOrder(List<String> names) {
        for (String user : names) {
            List<Seen> seen = cluster.platform.seen(user);
            assertThat(seen).as(user).hasSize(MESSAGES);
            for (int m = 0; m < MESSAGES; m++) {
                assertThat(seen.get(m).via()).isNotEqualTo("error");
                assertThat(seen.get(m).text()).as(user).startsWith("echo: question " + m + " from " + user);
            }
        }
    }
}
