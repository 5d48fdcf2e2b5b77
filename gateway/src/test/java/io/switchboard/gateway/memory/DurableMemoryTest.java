package io.switchboard.gateway.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.gateway.Gateway;
import io.switchboard.gateway.HttpTestClient;
import io.switchboard.gateway.HttpTestClient.Reply;
import io.switchboard.gateway.TestApps;
import io.switchboard.gateway.TestGateways;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.testkit.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversation memory outlives the gateway: a node is stopped and started again (same data directory, the
 * same H2 file or PostgreSQL schema) between two turns of a conversation, and the model is still sent the
 * first turn — through the web chat and through the developer API.
 */
class DurableMemoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeOpenAiServer model = FakeOpenAiServer.create().start();
    private final TestPostgres postgres = new TestPostgres("mem_");
    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        TestGateways.closeAll(gateway);
        model.close();
        postgres.drop();
    }

    @Test
    void should_send_the_model_the_turn_before_a_restart_of_a_node_on_h2() throws Exception {
        restartBetweenTurns(TestGateways.config(dir, TestGateways.Cluster.create(dir), 0));
    }

    @Test
    void should_send_the_model_the_turn_before_a_restart_of_a_node_on_postgresql() throws Exception {
        GatewayConfig.Builder config =
                TestGateways.config(dir, TestGateways.Cluster.create(dir), 0).database(postgres.create());
        restartBetweenTurns(config);
    }

    private void restartBetweenTurns(GatewayConfig.Builder config) throws Exception {
        gateway = Gateway.start(config.build());
        HttpTestClient admin = admin();
        TestApps.publishWithModel(admin, model.baseUrl());
        String apiKey = admin.send("POST", "/admin/v1/apps/" + TestApps.APP + "/keys", "{\"name\":\"mem\"}")
                .json()
                .get("key")
                .asText();

        assertThat(TestApps.webChat(anonymous(), "web-1", "my name is Ada"))
                .isEqualTo("echo: my name is Ada (2 messages)");
        assertThat(api(apiKey, "api-1", "remember 42")).isEqualTo("echo: remember 42 (2 messages)");

        gateway.close();
        gateway = null;
        gateway = Gateway.start(config.build());

        assertThat(TestApps.webChat(anonymous(), "web-1", "what is my name?"))
                .isEqualTo("echo: what is my name? (4 messages)");
        assertThat(lastMessages())
                .containsExactly(
                        "system:",
                        "user:my name is Ada",
                        "assistant:echo: my name is Ada (2 messages)",
                        "user:what is my name?");
        // and the page's transcript, kept on the server for its user id, is whole (another user id: 403)
        Reply transcript =
                anonymous().send("GET", "/chat/" + TestApps.APP + "/conversations/web-1?userId=web-web-1", null);
        assertThat(transcript.status()).as(transcript.body()).isEqualTo(200);
        List<String> shown = new ArrayList<>();
        transcript
                .json()
                .get("messages")
                .forEach(m ->
                        shown.add(m.get("role").asText() + ":" + m.get("text").asText()));
        assertThat(shown)
                .containsExactly(
                        "user:my name is Ada",
                        "assistant:echo: my name is Ada (2 messages)",
                        "user:what is my name?",
                        "assistant:echo: what is my name? (4 messages)");
        assertThat(anonymous()
                        .send("GET", "/chat/" + TestApps.APP + "/conversations/web-1?userId=someone-else", null)
                        .status())
                .isEqualTo(403);
        assertThat(api(apiKey, "api-1", "which number?")).isEqualTo("echo: which number? (4 messages)");
        assertThat(lastMessages()).contains("user:remember 42", "assistant:echo: remember 42 (2 messages)");
    }

    private String api(String apiKey, String conversationId, String text) {
        Reply reply = anonymous()
                .bearer(apiKey)
                .send(
                        "POST",
                        "/v1/chat/completions",
                        "{\"model\":\"" + TestApps.APP + "\",\"conversation_id\":\"" + conversationId
                                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().at("/choices/0/message/content").asText();
    }

    /** The messages of the model's last request as {@code role:content}, the system prompt's content left out. */
    private List<String> lastMessages() throws Exception {
        JsonNode sent = JSON.readTree(model.requests().getLast().body().encode());
        List<String> messages = new ArrayList<>();
        for (JsonNode message : sent.get("messages")) {
            String role = message.get("role").asText();
            messages.add(role + ":"
                    + (role.equals("system") ? "" : message.get("content").asText()));
        }
        return messages;
    }

    private HttpTestClient anonymous() {
        return new HttpTestClient("http://127.0.0.1:" + gateway.port());
    }

    private HttpTestClient admin() {
        return anonymous().login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
    }
}
