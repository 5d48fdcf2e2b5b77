package io.switchboard.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.gateway.Gateway;
import io.switchboard.gateway.HttpTestClient;
import io.switchboard.gateway.HttpTestClient.Event;
import io.switchboard.gateway.TestApps;
import io.switchboard.gateway.TestGateways;
import io.switchboard.testkit.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web chat's "regenerate" through the real gateway and a fake model: the model is asked the last
 * question again without the answer it is replacing, and the conversation goes on with the new one.
 */
class WebChatRegenerateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeOpenAiServer model = FakeOpenAiServer.create().start();
    private Gateway gateway;

    @AfterEach
    void stop() throws Exception {
        TestGateways.closeAll(gateway);
        model.close();
    }

    @Test
    void should_ask_the_model_the_last_question_afresh_when_regenerating() throws Exception {
        // given a conversation with one exchange
        gateway = Gateway.start(
                TestGateways.config(dir, TestGateways.Cluster.create(dir), 0).build());
        TestApps.publishWithModel(anonymous().login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD), model.baseUrl());
        assertThat(done(message("{\"conversationId\":\"c1\",\"userId\":\"ada\",\"text\":\"pick a colour\"}")))
                .isEqualTo("echo: pick a colour (2 messages)");

        // when the answer is regenerated
        String again = done(message("{\"conversationId\":\"c1\",\"userId\":\"ada\",\"regenerate\":true}"));

        // then the model heard the question alone, as the first time
        assertThat(again).isEqualTo("echo: pick a colour (2 messages)");
        assertThat(lastMessages()).containsExactly("system:", "user:pick a colour");

        // and the next turn remembers the new answer only
        assertThat(done(message("{\"conversationId\":\"c1\",\"userId\":\"ada\",\"text\":\"another\"}")))
                .isEqualTo("echo: another (4 messages)");
        assertThat(lastMessages())
                .containsExactly(
                        "system:", "user:pick a colour", "assistant:echo: pick a colour (2 messages)", "user:another");
        // and another user id cannot regenerate it
        assertThat(anonymous()
                        .send(
                                "POST",
                                "/chat/" + TestApps.APP + "/messages",
                                "{\"conversationId\":\"c1\",\"userId\":\"eve\",\"regenerate\":true}")
                        .status())
                .isEqualTo(403);
    }

    private List<Event> message(String body) {
        return anonymous().events("/chat/" + TestApps.APP + "/messages", body);
    }

    private static String done(List<Event> events) {
        return events.stream()
                .filter(e -> e.name().equals("done"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no done event in " + events))
                .data()
                .get("text")
                .asText();
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
}
