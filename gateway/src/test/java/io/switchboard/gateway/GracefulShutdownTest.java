package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.gateway.HttpTestClient.Event;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.testkit.FakeOpenAiServer;
import io.switchboard.testkit.ModelBehaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GracefulShutdownTest {
    @Test
    void should_finish_a_running_turn_and_refuse_new_ones_and_platform_callbacks_while_stopping(@TempDir Path dir)
            throws Exception {
        // given a node whose model takes a while to answer
        try (FakeOpenAiServer model = FakeOpenAiServer.create()
                .defaultBehaviour(ModelBehaviour.slowFirstToken(Duration.ofMillis(1500)))
                .start()) {
            Gateway gateway = TestGateways.single(dir);
            String base = "http://127.0.0.1:" + gateway.port();
            HttpTestClient admin = new HttpTestClient(base).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
            admin.send(
                    "POST",
                    "/admin/v1/providers",
                    "{\"id\":\"slow\",\"kind\":\"OPENAI_COMPATIBLE\",\"baseUrl\":\"" + model.baseUrl()
                            + "\",\"timeoutMs\":10000}");
            admin.send(
                    "POST",
                    "/admin/v1/apps",
                    "{\"id\":\"slow-app\",\"config\":{\"name\":\"Slow\","
                            + "\"model\":{\"providerId\":\"slow\",\"modelName\":\"m\"}}}");
            admin.send("POST", "/admin/v1/apps/slow-app/publish", "{}");
            HttpTestClient user = new HttpTestClient(base);

            // when a turn is running and the node is told to stop
            // Own threads, not the common pool: it is tiny on 2 cores, and HTTP clients continue on it.
            ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
            CompletableFuture<List<Event>> running = CompletableFuture.supplyAsync(
                    () -> user.events("/chat/slow-app/messages", "{\"text\":\"still there?\"}"), threads);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> user.send("GET", "/health/ready", null)
                                    .json()
                                    .get("inFlightTurns")
                                    .asInt()
                            == 1);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(
                    () -> {
                        try {
                            gateway.close();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    threads);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> user.send("GET", "/health/ready", null).status() == 503);
            Reply refused = user.send("POST", "/chat/slow-app/messages", "{\"text\":\"one more\"}");
            // A platform callback is refused before anything is claimed, so the platform delivers it again
            // to another member instead of this one claiming it and refusing its turn (an apology).
            Reply wechat = user.send("POST", "/wechat/mp-1?timestamp=1&nonce=n&signature=s", "<xml></xml>");
            Reply wecom = user.send("POST", "/wecom/cp-1?timestamp=1&nonce=n&msg_signature=s", "<xml></xml>");
            Reply telegram = user.send("POST", "/telegram/tg-1", "{\"update_id\":1}");

            // then the running turn completes, the new one is refused, and the node stops
            List<Event> answer = running.get();
            assertThat(answer.getLast().name()).isEqualTo("done");
            assertThat(answer.getLast().data().get("text").asText()).startsWith("echo: still there?");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().toString()).contains("shutting down");
            assertThat(List.of(wechat.status(), wecom.status(), telegram.status()))
                    .as("WeChat, WeCom and Telegram callbacks while stopping")
                    .containsOnly(503);
            stopping.get();
        }
    }
}
