package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
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
                    null,
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

    @Test
    void should_filter_by_a_known_channel_and_name_an_unknown_one_or_an_unknown_parameter() {
        JsonNode web = server.send("GET", "/apps/logged/logs?channel=web&limit=1", null, token)
                .json();
        JsonNode debug = server.send("GET", "/apps/logged/logs?channel=debug", null, token)
                .json();
        assertThat(server.send("GET", "/apps/logged/logs?channel=", null, token).status())
                .as("an empty channel is no channel the log knows")
                .isEqualTo(400);
        Reply nonsense = server.send("GET", "/apps/logged/logs?channel=nonsense", null, token);
        Reply misspelt = server.send("GET", "/apps/logged/logs?chanel=web", null, token);

        assertThat(web.get("total").asLong()).isEqualTo(25);
        assertThat(web.at("/items/0/channel").asText()).isEqualTo("web");
        assertThat(debug.get("total").asLong()).isZero();
        assertThat(debug.get("items")).isEmpty();
        assertThat(nonsense.status()).isEqualTo(400);
        assertThat(nonsense.json().at("/error/message").asText())
                .contains("channel 'nonsense'")
                .contains("api, debug, demo, web");
        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.json().at("/error/message").asText()).contains("unknown query parameter 'chanel'");
    }

    @Test
    void should_refuse_unknown_query_parameters_on_list_routes() {
        for (String path : List.of(
                "/apps?colour=red",
                "/apps/logged/versions?x=1",
                "/apps/logged/keys?x=1",
                "/apps/logged/channels?x=1",
                "/apps/logged/analytics?day=3",
                "/providers?x=1",
                "/knowledge-bases?x=1")) {
            Reply reply = server.send("GET", path, null, token);
            assertThat(reply.status()).as(path).isEqualTo(400);
            assertThat(reply.body()).as(path).contains("unknown query parameter");
        }
        assertThat(server.send("GET", "/apps?offset=0&limit=5", null, token).status())
                .isEqualTo(200);
    }
}
