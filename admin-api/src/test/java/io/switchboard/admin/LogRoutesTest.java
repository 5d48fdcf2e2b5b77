package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.runtime.turn.TurnLog;
import io.switchboard.runtime.turn.TurnStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogRoutesTest {
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private AdminApiServer server;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
        server.send("POST", "/apps", Samples.app("logged", "Logged", null), token);
        List<TurnLog> turns = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String conversation = i % 5 == 0 ? "c-rare" : "c-common";
            turns.add(new TurnLog(
                    "turn-" + i,
                    "logged",
                    1,
                    "web",
                    conversation,
                    "user-" + i,
                    "question " + i,
                    "answer " + i,
                    TurnStatus.OK,
                    null,
                    100 + i,
                    10,
                    7,
                    9,
                    START.plus(i, ChronoUnit.MINUTES),
                    List.of(),
                    null));
        }
        server.database.turnLogs().append(turns);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_page_turns_newest_first() {
        JsonNode first =
                server.send("GET", "/apps/logged/logs?limit=10", null, token).json();
        JsonNode last = server.send("GET", "/apps/logged/logs?offset=20&limit=10", null, token)
                .json();

        assertThat(first.get("total").asLong()).isEqualTo(25);
        assertThat(first.get("items")).hasSize(10);
        assertThat(first.at("/items/0/id").asText()).isEqualTo("turn-24");
        assertThat(first.at("/items/0/query").asText()).isEqualTo("question 24");
        assertThat(first.at("/items/0/createdAt").asText())
                .isEqualTo(START.plus(24, ChronoUnit.MINUTES).toString());
        assertThat(last.get("items"))
                .extracting(item -> item.get("id").asText())
                .containsExactly("turn-4", "turn-3", "turn-2", "turn-1", "turn-0");
        assertThat(last.get("offset").asInt()).isEqualTo(20);
    }

    @Test
    void should_filter_by_conversation() {
        JsonNode rare = server.send("GET", "/apps/logged/logs?conversationId=c-rare", null, token)
                .json();

        assertThat(rare.get("total").asLong()).isEqualTo(5);
        assertThat(rare.get("items"))
                .allSatisfy(
                        item -> assertThat(item.get("conversationId").asText()).isEqualTo("c-rare"));
    }

    @Test
    void should_refuse_bad_paging_and_unknown_apps() {
        assertThat(server.send("GET", "/apps/logged/logs?limit=500", null, token)
                        .status())
                .isEqualTo(400);
        assertThat(server.send("GET", "/apps/logged/logs?offset=abc", null, token)
                        .status())
                .isEqualTo(400);
        assertThat(server.send("GET", "/apps/ghost/logs", null, token).status()).isEqualTo(404);
    }
}
