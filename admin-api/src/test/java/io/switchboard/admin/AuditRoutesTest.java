package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, audit: every change recorded with who, where, what, before and after (secrets masked). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditRoutesTest {
    private AdminApiServer server;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_record_changes_with_before_and_after_and_serve_them_filtered_paged_and_as_csv() {
        assertThat(server.send("POST", "/providers", Samples.provider("audited"), token)
                        .status())
                .isEqualTo(201);
        assertThat(server.send(
                                "PUT",
                                "/providers/audited",
                                "{\"name\":\"Renamed model\",\"kind\":\"OLLAMA\",\"baseUrl\":\"http://127.0.0.1:11434\"}",
                                token)
                        .status())
                .isEqualTo(200);
        assertThat(server.send("DELETE", "/providers/audited", null, token).status())
                .isEqualTo(204);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(server.send("GET", "/audit?resource=providers", null, token)
                                .json()
                                .get("items"))
                        .hasSize(3));
        JsonNode items = server.send("GET", "/audit?resource=providers", null, token)
                .json()
                .get("items");
        JsonNode deleted = items.get(0);
        JsonNode updated = items.get(1);
        JsonNode created = items.get(2);
        assertThat(created.get("action").asText()).isEqualTo("create");
        assertThat(created.get("actor").asText()).isEqualTo("admin");
        assertThat(created.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(created.get("resourceId").asText()).isEqualTo("audited");
        assertThat(created.get("after").asText()).contains("Local model");
        assertThat(updated.get("action").asText()).isEqualTo("update");
        assertThat(updated.get("before").asText()).contains("Local model");
        assertThat(updated.get("after").asText()).contains("Renamed model");
        assertThat(deleted.get("action").asText()).isEqualTo("delete");
        assertThat(deleted.get("before").asText()).contains("Renamed model");
        assertThat(items.toString()).doesNotContain(Samples.PROVIDER_KEY);

        Reply page = server.send("GET", "/audit?resource=providers&limit=1&offset=1", null, token);
        assertThat(page.json().get("items")).hasSize(1);
        assertThat(page.json().at("/items/0/action").asText()).isEqualTo("update");
        assertThat(server.send("GET", "/audit?action=delete&actor=admin", null, token)
                        .json()
                        .get("items"))
                .hasSize(1);
        assertThat(server.send("GET", "/audit?from=yesterday", null, token).status())
                .isEqualTo(400);
        assertThat(server.send("GET", "/audit?from=", null, token).status())
                .as("an empty instant is refused too, not taken as no filter")
                .isEqualTo(400);

        Reply csv = server.send("GET", "/audit.csv?resource=providers", null, token);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines()).first().asString().startsWith("id,at,actor,address,action");
        assertThat(csv.body().lines().count()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void should_refuse_an_empty_or_padded_workspace_filter_naming_it_instead_of_showing_everything() {
        for (String path : new String[] {"/audit?workspace=", "/audit.csv?workspace=", "/audit?workspace=%20default"}) {
            Reply reply = server.send("GET", path, null, token);

            assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(400);
            assertThat(reply.json().at("/error/message").asText()).startsWith("workspace");
        }
        assertThat(server.send("GET", "/audit?workspace=default", null, token).status())
                .isEqualTo(200);
        // the same for the integer parameters every paged list takes (Responses.intParam)
        for (String path : new String[] {"/audit?limit=", "/audit?offset=", "/audit?limit=%201"}) {
            Reply reply = server.send("GET", path, null, token);
            assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(400);
        }
    }

    @Test
    void should_mask_secrets_in_recorded_states() {
        String masked = AuditRoutes.masked(
                "{\"name\":\"x\",\"apiKey\":\"sk-123\",\"settings\":{\"appSecret\":\"s\",\"token\":\"t\"},"
                        + "\"list\":[{\"password\":\"p\"}],\"apiKeySet\":true}");

        assertThat(masked)
                .doesNotContain("sk-123", "\"s\"", "\"t\"", "\"p\"")
                .contains("\"name\":\"x\"", "\"apiKeySet\":true", "***");
        assertThat(AuditRoutes.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    }
}
