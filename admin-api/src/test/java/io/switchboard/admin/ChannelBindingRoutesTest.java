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

    private Reply create(String body) {
        return server.send("POST", "/apps/bound/channels", body, token);
    }
}
