package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.testkit.FakeTelegramBotApi;
import io.switchboard.testkit.TelegramUpdates;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telegram through two real gateway nodes in one JVM (real Hazelcast, one shared H2 database): bindings
 * made through the admin API, webhook updates deduplicated across members, and polling on one member
 * handed over to the other when it stops, with no update lost or answered twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TelegramClusterTest {
    private static final String APP = "switchboard-guide";
    private static final String TOKEN = "987654321:AAEclusterTestTokenForTelegram000";
    private static final String SECRET = "cluster-webhook-secret-0123456789";
    private static final String QUESTION = "What is Switchboard?";

    private FakeTelegramBotApi api;
    private Gateway[] nodes;
    private HttpTestClient admin;

    @BeforeAll
    void start(@TempDir Path dir) {
        api = FakeTelegramBotApi.start();
        TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
        GatewayConfig.Telegram telegram = TestGateways.fastTelegram(api.baseUrl());
        nodes = new Gateway[2];
        for (int i = 0; i < 2; i++) {
            try {
                nodes[i] = Gateway.start(
                        TestGateways.config(dir, cluster, i).telegram(telegram).build());
            } catch (Exception e) {
                throw new IllegalStateException("node " + i + " did not start", e);
            }
        }
        admin = new HttpTestClient(base(0)).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        TestGateways.closeAll(nodes);
        api.close();
    }

    @Test
    @Order(1)
    void should_take_webhook_updates_on_any_member_and_answer_a_redelivered_one_once() {
        Reply refused = admin.send(
                "POST",
                "/admin/v1/apps/" + APP + "/channels",
                new JsonObject()
                        .put("type", "telegram")
                        .put("settings", new JsonObject().put("botToken", "not-a-token"))
                        .encode());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("botToken");
        Reply created = admin.send(
                "POST",
                "/admin/v1/apps/" + APP + "/channels",
                new JsonObject()
                        .put("type", "telegram")
                        .put("settings", new JsonObject().put("botToken", TOKEN).put("webhookSecret", SECRET))
                        .encode());
        assertThat(created.status()).isEqualTo(201);
        JsonNode binding = created.json();
        String path = "/telegram/" + binding.get("id").asText();
        assertThat(binding.get("callbackUrl").asText()).endsWith(path);
        assertThat(binding.get("settings").get("botToken").asText()).doesNotContain("AAEcluster");
        JsonObject update = api.withId(TelegramUpdates.privateText(601, QUESTION));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postToWebhook(base(0) + path, update.encode(), SECRET) == 200);
        assertThat(api.postToWebhook(base(1) + path, update.encode(), SECRET)).isEqualTo(200);
        assertThat(api.postToWebhook(base(1) + path, update.encode(), "wrong-secret-for-this-binding"))
                .isEqualTo(403);
        api.postToWebhook(
                base(1) + path,
                api.withId(TelegramUpdates.privateText(601, "/start")).encode(),
                SECRET);

        // The question ran on node 0 and /start on node 1: two members, so no order between them — but
        // exactly two answers, one each (a duplicate of the redelivered question would make three).
        // The fake shows a message in the chat a moment before it lists the sendMessage call: wait for both.
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        api.messages(601).size() >= 2 && api.sentMessages(601).size() >= 2);
        assertThat(api.messages(601)).hasSize(2);
        assertThat(api.messages(601)).anySatisfy(text -> assertThat(text).containsIgnoringCase("gateway"));
        int start = api.messages(601).get(0).startsWith("Hi, I'm the Switchboard Guide") ? 0 : 1;
        assertThat(api.messages(601).get(start)).startsWith("Hi, I'm the Switchboard Guide");
        assertThat(api.sentMessages(601)
                        .get(start)
                        .params()
                        .getJsonObject("reply_markup")
                        .getJsonArray("inline_keyboard"))
                .hasSize(3);
    }

    @Test
    @Order(2)
    void should_poll_on_one_member_and_hand_over_to_the_other_when_it_stops() throws Exception {
        Reply created = admin.send(
                "POST",
                "/admin/v1/apps/" + APP + "/channels",
                new JsonObject()
                        .put("type", "telegram")
                        .put("settings", new JsonObject().put("botToken", TOKEN).put("mode", "polling"))
                        .encode());
        assertThat(created.status()).isEqualTo(201);
        String bindingId = created.json().get("id").asText();
        api.enqueue(TelegramUpdates.privateText(701, QUESTION));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.messages(701).size() == 1);
        // Read until found: on a loaded machine a renewal can come late and the entry lapse briefly.
        int holder = await().atMost(Duration.ofSeconds(10)).until(() -> leaseHolder(bindingId), h -> h >= 0);

        nodes[holder].close();
        nodes[holder] = null;
        api.enqueue(TelegramUpdates.privateText(701, "How do I run Switchboard?"));
        api.enqueue(TelegramUpdates.privateText(701, "/new"));
        api.enqueue(TelegramUpdates.privateText(701, QUESTION));

        await().atMost(Duration.ofSeconds(20)).until(() -> api.messages(701).size() == 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> leaseHolder(bindingId) == 1 - holder);
        List<String> seen = api.messages(701);
        assertThat(seen.get(2)).isEqualTo("New conversation started. Ask me anything.");
        assertThat(seen.get(3)).isEqualTo(seen.get(0));
        assertThat(api.sentMessages(701)).hasSize(4);
    }

    /** The index of the node holding the polling lease, or -1. */
    private int leaseHolder(String bindingId) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                Object holder =
                        nodes[i].hazelcast().getMap("switchboard.shared").get("lease:telegram-poll:" + bindingId);
                for (int j = 0; j < nodes.length; j++) {
                    if (nodes[j] != null
                            && nodes[j].hazelcast()
                                    .getLocalEndpoint()
                                    .getUuid()
                                    .toString()
                                    .equals(holder)) {
                        return j;
                    }
                }
            }
        }
        return -1; // no live member holds the lease right now
    }

    private String base(int node) {
        return "http://127.0.0.1:" + nodes[node].port();
    }
}
