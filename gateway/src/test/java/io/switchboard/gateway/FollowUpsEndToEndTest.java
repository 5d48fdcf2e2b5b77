package io.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.switchboard.gateway.HttpTestClient.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follow-up suggestions on a real node with the offline sample app (its nearest other Q&A questions):
 * a web chat event after the answer, and an extra {@code follow_ups} field the official OpenAI client
 * keeps, streamed and not; the log shows them with the turn.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowUpsEndToEndTest {
    private static final String APP = "switchboard-guide";

    private Gateway gateway;
    private HttpTestClient admin;
    private HttpTestClient anonymous;
    private OpenAIClient client;

    @BeforeAll
    void start(@TempDir Path dir) {
        gateway = TestGateways.single(dir);
        String base = "http://127.0.0.1:" + gateway.port();
        anonymous = new HttpTestClient(base);
        admin = new HttpTestClient(base).login(TestGateways.ADMIN, TestGateways.ADMIN_PASSWORD);
        assertThat(admin.send("PATCH", "/admin/v1/apps/" + APP + "/draft", "{\"followUps\":{\"count\":2}}")
                        .status())
                .isEqualTo(200);
        assertThat(admin.send("POST", "/admin/v1/apps/" + APP + "/publish", "{\"note\":\"follow-ups\"}")
                        .status())
                .isEqualTo(201);
        String key = admin.send("POST", "/admin/v1/apps/" + APP + "/keys", "{\"name\":\"fu\"}")
                .json()
                .get("key")
                .asText();
        client = OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey(key).build();
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void should_offer_follow_ups_after_the_answer_in_web_chat_and_the_developer_api() {
        List<Event> web = anonymous.events("/chat/" + APP + "/messages", "{\"text\":\"What is Switchboard?\"}");
        List<String> names = web.stream().map(Event::name).toList();
        assertThat(names.indexOf("followUps")).as("after the answer").isGreaterThan(names.indexOf("done"));
        JsonNode questions = web.get(names.indexOf("followUps")).data().get("questions");
        assertThat(questions).hasSize(2);
        questions.forEach(q -> assertThat(q.asText()).isNotBlank().isNotEqualTo("What is Switchboard?"));

        ChatCompletion plain = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(APP)
                        .addUserMessage("What is Switchboard?")
                        .build());
        JsonValue followUps = plain._additionalProperties().get("follow_ups");
        assertThat(followUps).isNotNull();
        assertThat(followUps.toString()).contains(questions.get(0).asText());

        String lastChunkFollowUps;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model(APP)
                        .addUserMessage("What is Switchboard?")
                        .build())) {
            lastChunkFollowUps = stream.stream()
                    .map(chunk -> chunk._additionalProperties().get("follow_ups"))
                    .filter(value -> value != null)
                    .map(Object::toString)
                    .collect(Collectors.joining());
        }
        assertThat(lastChunkFollowUps).contains(questions.get(1).asText());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode logs = admin.send("GET", "/admin/v1/apps/" + APP + "/logs?limit=10", null)
                    .json();
            assertThat(logs.get("total").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(logs.at("/items/0/followUps")).hasSize(2);
        });
    }
}
