package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.gateway.quota.Quotas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, quotas: limits hold across the cluster (two nodes), the web chat and the developer API answer
 * 429 with Retry-After, chat platforms get a friendly reply, and admins see what is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotasTest {
    private static final String APP = "switchboard-guide";
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private Gateway first;
    private Gateway second;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        TestGateways.Cluster cluster = TestGateways.Cluster.create(dir);
        Quotas.Limits limits = new Quotas.Limits(2, 0, 0, 0, 2, 0, 1000, 0);
        first = Gateway.start(
                TestGateways.config(dir, cluster, 0).quotas(limits).build());
        second = Gateway.start(
                TestGateways.config(dir, cluster, 1).quotas(limits).build());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> first.hazelcast().getCluster().getMembers().size() == 2);
    }

    @AfterAll
    void stop() throws Exception {
        TestGateways.closeAll(second, first);
    }

    @Test
    void should_limit_a_web_chat_user_across_nodes_with_429_and_retry_after() throws Exception {
        String body = "{\"text\":\"What is Switchboard?\",\"userId\":\"visitor-" + UUID.randomUUID() + "\"}";

        assertThat(post(first, "/chat/" + APP + "/messages", body, null).statusCode())
                .isEqualTo(200);
        assertThat(post(second, "/chat/" + APP + "/messages", body, null).statusCode())
                .isEqualTo(200);
        HttpResponse<String> third = post(first, "/chat/" + APP + "/messages", body, null);

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(third.body()).contains("try again");
        String other = "{\"text\":\"What is Switchboard?\",\"userId\":\"visitor-" + UUID.randomUUID() + "\"}";
        assertThat(post(second, "/chat/" + APP + "/messages", other, null).statusCode())
                .as("another user is not limited")
                .isEqualTo(200);
    }

    @Test
    void should_limit_an_api_key_with_an_openai_style_429() throws Exception {
        HttpTestClient admin = new HttpTestClient("http://127.0.0.1:" + first.port())
                .login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        String key = admin.send("POST", "/admin/v1/apps/" + APP + "/keys", "{\"name\":\"quota\"}")
                .json()
                .get("key")
                .asText();
        String keyId = admin.send("GET", "/admin/v1/apps/" + APP + "/keys", null)
                .json()
                .findValues("id")
                .getLast()
                .asText();
        for (int i = 0; i < 2; i++) {
            String body = "{\"model\":\"" + APP + "\",\"user\":\"u" + i
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"What is Switchboard?\"}]}";
            assertThat(post(i == 0 ? first : second, "/v1/chat/completions", body, key)
                            .statusCode())
                    .isEqualTo(200);
        }
        HttpResponse<String> refused = post(
                second,
                "/v1/chat/completions",
                "{\"model\":\"" + APP
                        + "\",\"user\":\"u9\",\"messages\":[{\"role\":\"user\",\"content\":\"What is Switchboard?\"}]}",
                key);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("rate_limit_exceeded");
        HttpTestClient.Reply usage = admin.send("GET", "/admin/v1/apps/" + APP + "/usage?keyId=" + keyId, null);
        assertThat(usage.status()).isEqualTo(200);
        assertThat(usage.json().get("meters").toString())
                .contains("\"scope\":\"key\"")
                .contains("\"remaining\":0")
                .as("the app's workspace (default) has its own limit")
                .contains("{\"scope\":\"workspace\",\"key\":\"default\",\"unit\":\"requests\",\"limit\":1000");
    }

    @Test
    void should_answer_a_chat_platform_user_with_a_friendly_message_in_their_language() throws Exception {
        // The sample app sets no reply language: the user's own decides.
        TurnReply english = thirdTurn("What is Switchboard?");
        TurnReply chinese = thirdTurn("Switchboard 是什么？");

        assertThat(english.failed()).isTrue();
        assertThat(english.text())
                .startsWith("You are sending messages too quickly; please try again in ")
                .doesNotContain("消息太频繁");
        assertThat(chinese.failed()).isTrue();
        assertThat(chinese.text()).startsWith("消息太频繁了，请 ").doesNotContain("try again");
    }

    @Test
    void should_answer_a_chat_platform_user_in_the_apps_language_when_it_has_one() throws Exception {
        HttpTestClient admin = new HttpTestClient("http://127.0.0.1:" + first.port())
                .login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        for (String language : List.of("zh-CN", "en")) {
            String app = "quota-" + language.toLowerCase(java.util.Locale.ROOT);
            String config = new io.vertx.core.json.JsonObject()
                    .put("name", app)
                    .put("replyLanguage", language)
                    .encode();
            HttpTestClient.Reply created =
                    admin.send("POST", "/admin/v1/apps", "{\"id\":\"" + app + "\",\"config\":" + config + "}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(admin.send("POST", "/admin/v1/apps/" + app + "/publish", "{}")
                            .status())
                    .isEqualTo(201);
        }

        TurnReply chinese = thirdTurn("quota-zh-cn", "What is Switchboard?");
        TurnReply english = thirdTurn("quota-en", "Switchboard 是什么？");

        assertThat(chinese.failed()).isTrue();
        assertThat(chinese.text())
                .as("a zh-CN app, asked in English")
                .startsWith("消息太频繁了，请 ")
                .doesNotContain("try again");
        assertThat(english.failed()).isTrue();
        assertThat(english.text())
                .as("an en app, asked in Chinese")
                .startsWith("You are sending messages too quickly; please try again in ")
                .doesNotContain("消息太频繁");
    }

    private TurnReply thirdTurn(String text) throws Exception {
        return thirdTurn(APP, text);
    }

    /** What a new Telegram user of {@code app} gets for the third of three messages (the limit is two). */
    private TurnReply thirdTurn(String app, String text) throws Exception {
        String user = "tg-" + UUID.randomUUID();
        TurnReply last = null;
        for (int i = 0; i < 3; i++) {
            InboundMessage message = new InboundMessage(
                    "telegram",
                    app,
                    "chat-" + user,
                    user,
                    UUID.randomUUID().toString(),
                    text,
                    Map.of(),
                    false,
                    Instant.now(),
                    List.of());
            last = first.turns()
                    .handle(message, null)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        }
        return last;
    }

    private HttpResponse<String> post(Gateway node, String path, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
