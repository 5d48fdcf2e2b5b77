package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelLoginRoutesTest {
    private AdminApiServer server;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
        server.send("POST", "/apps", Samples.app("scanned", "Scanned", null), token);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_start_a_login_poll_it_and_bind_once_confirmed_with_the_secret_sealed() {
        Reply started = server.send("POST", "/apps/scanned/channels/logins", "{\"type\":\"demo\"}", token);
        assertThat(started.status()).isEqualTo(201);
        String loginId = started.json().get("loginId").asText();
        assertThat(started.json().get("qrCodeUrl").asText()).isEqualTo("https://qr.example.test/" + loginId);
        assertThat(started.json().get("status").asText()).isEqualTo("waiting");

        String poll = "/apps/scanned/channels/logins/" + loginId + "?type=demo";
        assertThat(server.send("GET", poll, null, token).json().get("status").asText())
                .isEqualTo("scanned");
        Reply confirmed = server.send("GET", poll, null, token);
        assertThat(confirmed.status()).isEqualTo(200);
        JsonNode state = confirmed.json();
        assertThat(state.get("status").asText()).isEqualTo("confirmed");
        String bindingId = state.get("bindingId").asText();
        assertThat(confirmed.body()).doesNotContain("token-from-");
        assertThat(server.database
                        .channelBindings()
                        .find(bindingId)
                        .orElseThrow()
                        .configJson())
                .contains("token-from-" + loginId);
        assertThat(server.channelTypes.changed).contains(bindingId);

        // A repeated poll after the confirmation names the same binding.
        assertThat(server.send("GET", poll, null, token).json().get("bindingId").asText())
                .isEqualTo(bindingId);
        assertThat(server.database.channelBindings().listByApp("scanned")).hasSize(1);

        Reply status = server.send("GET", "/apps/scanned/channels/" + bindingId + "/status", null, token);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("status").asText()).isEqualTo("session-expired");
    }

    @Test
    void should_answer_400_naming_what_is_wrong() {
        assertThat(server.send("POST", "/apps/scanned/channels/logins", "{\"type\":\"nope\"}", token)
                        .status())
                .isEqualTo(400);
        assertThat(server.send("POST", "/apps/scanned/channels/logins", "{}", token)
                        .body())
                .contains("type is required");
        assertThat(server.send("GET", "/apps/scanned/channels/logins/x?type=demo", null, token)
                        .body())
                .contains("unknown loginId");
        assertThat(server.send("POST", "/apps/ghost/channels/logins", "{\"type\":\"demo\"}", token)
                        .status())
                .isEqualTo(404);
        assertThat(server.send("GET", "/apps/scanned/channels/missing/status", null, token)
                        .status())
                .isEqualTo(404);
    }
}
