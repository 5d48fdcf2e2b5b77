package io.switchboard.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.gateway.Gateway;
import io.switchboard.gateway.HttpTestClient;
import io.switchboard.gateway.TestApps;
import io.switchboard.gateway.TestGateways;
import io.switchboard.testkit.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web chat's "regenerate" through the real gateway and a fake model: the model is asked the last
 * question again without the answer it is replacing, and the conversation goes on with the new one.
 */
class WebChatRegenerateTest {
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
    void should_ask_the_model_the_last_question_afresh_when_regenerating_and_forget_a_deleted_conversation()
            throws Exception {
        // given a conversation with one exchange
        gateway = Gateway.start(
                TestGateways.config(dir, TestGateways.Cluster.create(dir), 0).build());
        TestApps.publishWithModel(anonymous().login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD), model.baseUrl());
        assertThat(message("{\"conversationId\":\"c1\",\"userId\":\"ada\",\"text\":\"pick a colour\"}"))
                .isEqualTo("echo: pick a colour (2 messages)");

        // when the answer is regenerated
        String again = message("{\"conversationId\":\"c1\",\"userId\":\"ada\",\"regenerate\":true}");

        // then the model heard the question alone, as the first time
        assertThat(again).isEqualTo("echo: pick a colour (2 messages)");
        assertThat(lastMessages()).containsExactly("system:", "user:pick a colour");

        // and the next turn remembers the new answer only
        assertThat(message("{\"conversationId\":\"c1\",\"userId\":\"ada\",\"text\":\"another\"}"))
                .isEqualTo("echo: another (4 messages)");
        assertThat(lastMessages())
                .containsExactly(
                        "system:", "user:pick a colour", "assistant:echo: pick a colour (2 messages)", "user:another");
        // when the user deletes the conversation, then the model forgets it as well
        assertThat(anonymous()
                        .send("DELETE", "/chat/" + TestApps.APP + "/conversations/c1?userId=ada", null)
                        .status())
                .isEqualTo(204);
        assertThat(message("{\"conversationId\":\"c1\",\"userId\":\"ada\",\"text\":\"who am I?\"}"))
                .isEqualTo("echo: who am I? (2 messages)");
        // and another user id cannot regenerate it
        assertThat(anonymous()
                        .send(
                                "POST",
                                "/chat/" + TestApps.APP + "/messages",
                                "{\"conversationId\":\"c1\",\"userId\":\"eve\",\"regenerate\":true}")
                        .status())
                .isEqualTo(403);
    }

    private String message(String body) {
        return TestApps.webChatMessage(anonymous(), body);
    }

    private List<String> lastMessages() {
        return TestApps.lastMessages(model);
    }

    private HttpTestClient anonymous() {
        return new HttpTestClient("http://127.0.0.1:" + gateway.port());
    }
}
