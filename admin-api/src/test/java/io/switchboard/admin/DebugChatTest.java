package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.turn.AgentRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebugChatTest {
    private AdminApiServer server;
    private String token;

    record Event(String name, JsonNode data) {}

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
        server.send("POST", "/apps", Samples.app("chatty", "Chatty", null), token);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_stream_deltas_then_done_from_the_draft() {
        Reply reply = server.send(
                "POST",
                "/apps/chatty/debug/messages",
                "{\"conversationId\":\"conv-1\",\"text\":\"hello\",\"variables\":{\"user\":\"Ann\"}}",
                token);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/event-stream");
        List<Event> events = parse(reply.body());
        assertThat(events).extracting(Event::name).containsExactly("delta", "delta", "delta", "delta", "delta", "done");
        assertThat(events.subList(0, 5))
                .extracting(e -> e.data().get("text").asText())
                .containsExactlyElementsOf(ScriptedAgentRuntime.TOKENS);
        JsonNode done = events.get(5).data();
        assertThat(done.get("conversationId").asText()).isEqualTo("conv-1");
        assertThat(done.get("text").asText()).isEqualTo("Hello, admin!");
        assertThat(done.get("status").asText()).isEqualTo("ok");
        assertThat(done.get("failed").asBoolean()).isFalse();
        assertThat(done.at("/usage/inputTokens").asInt()).isEqualTo(11);
        assertThat(done.at("/usage/outputTokens").asInt()).isEqualTo(5);
        assertThat(done.at("/toolCalls/0/name").asText()).isEqualTo("calculator");
        assertThat(done.at("/toolCalls/0/arguments").asText()).isEqualTo("{\"expression\":\"1+1\"}");
        assertThat(done.at("/toolCalls/0/latencyMs").asInt()).isEqualTo(3);
        assertThat(done.get("latencyMs").asLong()).isEqualTo(42);
        assertThat(done.at("/citations/0/source").asText()).isEqualTo("handbook.md");
        assertThat(done.at("/citations/0/passage").asText()).contains("LLMOps");
        assertThat(done.at("/citations/0/score").asDouble()).isEqualTo(0.91);
        AgentRequest request = server.runtime.requests.getLast();
        assertThat(request.draft()).isTrue();
        assertThat(request.channel()).isEqualTo("debug");
        assertThat(request.userId()).isEqualTo(AdminApiServer.ADMIN);
        assertThat(request.variables()).isEqualTo(Map.of("user", "Ann"));
        assertThat(server.runtime.threads.getLast()).isEqualTo("virtual");
    }

    @Test
    void should_start_a_conversation_when_none_is_given() {
        Reply reply = server.send("POST", "/apps/chatty/debug/messages", "{\"text\":\"hi\"}", token);

        JsonNode done = parse(reply.body()).getLast().data();
        assertThat(done.get("conversationId").asText()).isNotBlank();
    }

    @Test
    void should_answer_json_404_for_an_unknown_app() {
        Reply reply = server.send("POST", "/apps/ghost/debug/messages", "{\"text\":\"hi\"}", token);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().at("/error/message").asText()).contains("ghost");
    }

    private static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String name = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            try {
                events.add(new Event(name, AdminApiServer.JSON.readTree(data)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }
}
