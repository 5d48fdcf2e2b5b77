package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.turn.TurnLog;
import io.switchboard.runtime.turn.TurnStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelBindingRoutesTest {
    private AdminApiServer server;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
        server.send("POST", "/apps", Samples.app("bound", "Bound", null), token);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_bind_an_app_and_show_the_callback_url_with_the_secret_masked() {
        Reply created = create("{\"type\":\"demo\",\"settings\":{\"token\":\"s3cret-token\"}}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode binding = created.json();
        String id = binding.get("id").asText();
        assertThat(binding.get("type").asText()).isEqualTo("demo");
        assertThat(binding.get("enabled").asBoolean()).isTrue();
        assertThat(binding.at("/settings/token").asText()).isEqualTo(ChannelBindingRoutes.MASK);
        assertThat(binding.at("/settings/mode").asText())
                .as("defaults filled in by the channel")
                .isEqualTo("push");
        assertThat(binding.get("secretsSet").toString()).contains("token");
        assertThat(binding.get("callbackUrl").asText()).isEqualTo("https://bots.example.test/demo/" + id);
        assertThat(created.body()).doesNotContain("s3cret-token");
        assertThat(server.database.channelBindings().find(id).orElseThrow().configJson())
                .contains("s3cret-token");
        assertThat(server.channelTypes.changed).contains(id);
    }

    @Test
    void should_keep_a_masked_secret_on_update_and_disable_the_binding() {
        String id = create("{\"type\":\"demo\",\"settings\":{\"token\":\"first-token\"}}")
                .json()
                .get("id")
                .asText();

        Reply updated = server.send(
                "PUT",
                "/apps/bound/channels/" + id,
                "{\"settings\":{\"token\":\"" + ChannelBindingRoutes.MASK + "\",\"mode\":\"pull\"},\"enabled\":false}",
                token);

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("enabled").asBoolean()).isFalse();
        assertThat(updated.json().at("/settings/mode").asText()).isEqualTo("pull");
        assertThat(server.database.channelBindings().find(id).orElseThrow().configJson())
                .contains("first-token");
        assertThat(server.channelTypes.changed).filteredOn(id::equals).hasSize(2);
    }

    @Test
    void should_reject_settings_the_channel_refuses_naming_the_field() {
        Reply bad = create("{\"type\":\"demo\",\"settings\":{\"token\":\"short\"}}");
        Reply unknownType = create("{\"type\":\"fax\",\"settings\":{}}");
        Reply missing = create("{\"type\":\"demo\"}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/message").asText()).contains("settings.token");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.json().at("/error/message").asText())
                .contains("demo")
                .contains("fax");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().at("/error/message").asText()).contains("settings");
    }

    @Test
    void should_delete_a_binding_and_answer_404_for_it_afterwards() {
        String id = create("{\"type\":\"demo\",\"settings\":{\"token\":\"to-be-deleted\"}}")
                .json()
                .get("id")
                .asText();

        assertThat(server.send("DELETE", "/apps/bound/channels/" + id, null, token)
                        .status())
                .isEqualTo(204);

        assertThat(server.send("GET", "/apps/bound/channels/" + id, null, token).status())
                .isEqualTo(404);
        assertThat(server.send("GET", "/apps/bound/channels", null, token).body())
                .doesNotContain(id);
    }

    @Test
    void should_not_show_a_binding_under_another_app() {
        server.send("POST", "/apps", Samples.app("other", "Other", null), token);
        String id = create("{\"type\":\"demo\",\"settings\":{\"token\":\"not-yours-1\"}}")
                .json()
                .get("id")
                .asText();

        assertThat(server.send("GET", "/apps/other/channels/" + id, null, token).status())
                .isEqualTo(404);
        assertThat(server.send(
                                "POST",
                                "/apps/ghost/channels",
                                "{\"type\":\"demo\",\"settings\":{\"token\":\"12345678\"}}",
                                token)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void should_show_each_bindings_last_message_and_errors_from_its_logged_turns() {
        server.send("POST", "/apps", Samples.app("watched-channels", "Watched", null), token);
        String busy = createFor("watched-channels", "busy-token-1");
        String failing = createFor("watched-channels", "failing-token-1");
        String quiet = createFor("watched-channels", "quiet-token-1");
        Instant t0 = Instant.parse("2026-01-01T08:00:00Z");
        server.database
                .turnLogs()
                .append(List.of(
                        turn("t1", "demo:" + busy + ":u1", null, t0),
                        turn("t2", "demo:" + busy + ":u2", null, t0.plusSeconds(60)),
                        turn("t3", "demo:" + failing + ":u1", "model timed out", t0.plusSeconds(30)),
                        turn("t4", "demo:" + failing + ":u1", null, t0.plusSeconds(90)),
                        turn("t5", "demo:" + failing + ":u2", "model refused", t0.plusSeconds(120))));

        JsonNode items = server.send("GET", "/apps/watched-channels/channels", null, token)
                .json()
                .get("items");
        JsonNode one = server.send("GET", "/apps/watched-channels/channels/" + failing, null, token)
                .json();

        assertThat(activity(items, busy).get("lastMessageAt").asText())
                .isEqualTo(t0.plusSeconds(60).toString());
        assertThat(activity(items, busy).get("recentErrors").asInt()).isZero();
        assertThat(activity(items, busy).get("lastError").isNull()).isTrue();
        assertThat(activity(items, failing).get("lastMessageAt").asText())
                .isEqualTo(t0.plusSeconds(120).toString());
        assertThat(activity(items, failing).get("lastError").asText()).isEqualTo("model refused");
        assertThat(activity(items, failing).get("recentErrors").asInt()).isEqualTo(2);
        assertThat(activity(items, quiet).get("lastMessageAt").isNull()).isTrue();
        assertThat(one.at("/activity/lastErrorAt").asText())
                .isEqualTo(t0.plusSeconds(120).toString());
    }

    private static JsonNode activity(JsonNode items, String bindingId) {
        for (JsonNode item : items) {
            if (item.get("id").asText().equals(bindingId)) {
                return item.get("activity");
            }
        }
        throw new AssertionError("no binding " + bindingId + " in " + items);
    }

    private String createFor(String appId, String secret) {
        return server.send(
                        "POST",
                        "/apps/" + appId + "/channels",
                        "{\"type\":\"demo\",\"settings\":{\"token\":\"" + secret + "\"}}",
                        token)
                .json()
                .get("id")
                .asText();
    }

    private static TurnLog turn(String id, String conversationId, String error, Instant at) {
        return new TurnLog(
                id,
                "watched-channels",
                1,
                "demo",
                conversationId,
                "user",
                "question",
                error == null ? "answer" : "",
                error == null ? TurnStatus.OK : TurnStatus.ERROR,
                error,
                100,
                10,
                5,
                5,
                at,
                List.of(),
                List.of(),
                null);
    }

    private Reply create(String body) {
        return server.send("POST", "/apps/bound/channels", body, token);
    }
}
