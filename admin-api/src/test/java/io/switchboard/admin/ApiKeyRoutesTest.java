package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.access.ApiKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyRoutesTest {
    private AdminApiServer server;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
        server.send("POST", "/apps", Samples.app("keyed", "Keyed", null), token);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_show_the_clear_key_only_when_it_is_created() {
        Reply created = server.send("POST", "/apps/keyed/keys", "{\"name\":\"ci\"}", token);

        assertThat(created.status()).isEqualTo(201);
        String clearKey = created.json().get("key").asText();
        assertThat(clearKey).startsWith(created.json().get("prefix").asText());
        assertThat(server.database.apiKeys().findByHash(ApiKeys.hash(clearKey)))
                .hasValueSatisfying(stored -> assertThat(stored.appId()).isEqualTo("keyed"));

        Reply listed = server.send("GET", "/apps/keyed/keys", null, token);
        assertThat(listed.body()).doesNotContain(clearKey).doesNotContain(ApiKeys.hash(clearKey));
        String keyId = created.json().get("id").asText();
        JsonNode item = null;
        for (JsonNode candidate : listed.json().get("items")) {
            if (candidate.get("id").asText().equals(keyId)) {
                item = candidate;
            }
        }
        assertThat(item).as("the new key in the list").isNotNull();
        assertThat(item.get("name").asText()).isEqualTo("ci");
        assertThat(item.has("key")).isFalse();
        assertThat(item.has("hash")).isFalse();
        assertThat(item.get("revoked").asBoolean()).isFalse();
    }

    @Test
    void should_revoke_a_key() {
        String keyId = server.send("POST", "/apps/keyed/keys", "{\"name\":\"temporary\"}", token)
                .json()
                .get("id")
                .asText();
        server.changes.events.clear();

        Reply revoked = server.send("DELETE", "/apps/keyed/keys/" + keyId, null, token);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(server.changes.events).containsExactly("app:keyed");
        JsonNode listed =
                server.send("GET", "/apps/keyed/keys", null, token).json().get("items");
        assertThat(listed)
                .filteredOn(item -> item.get("id").asText().equals(keyId))
                .singleElement()
                .satisfies(item -> {
                    assertThat(item.get("revoked").asBoolean()).isTrue();
                    assertThat(item.get("revokedAt").isNull()).isFalse();
                });
        assertThat(server.send("DELETE", "/apps/keyed/keys/key_nope", null, token)
                        .status())
                .isEqualTo(404);
        assertThat(server.send("DELETE", "/apps/other/keys/" + keyId, null, token)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void should_refuse_keys_for_an_unknown_app() {
        assertThat(server.send("POST", "/apps/ghost/keys", "{\"name\":\"x\"}", token)
                        .status())
                .isEqualTo(404);
        assertThat(server.send("GET", "/apps/ghost/keys", null, token).status()).isEqualTo(404);
    }

    @Test
    void should_keep_the_browser_origins_a_key_allows_and_refuse_what_is_not_an_origin() {
        Reply created = server.send(
                "POST",
                "/apps/keyed/keys",
                "{\"name\":\"web\",\"allowedOrigins\":[\"https://App.Example\",\"http://localhost:5173\"]}",
                token);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String keyId = created.json().get("id").asText();
        assertThat(created.json().get("allowedOrigins").toString())
                .isEqualTo("[\"http://localhost:5173\",\"https://app.example\"]");

        Reply updated = server.send(
                "PATCH", "/apps/keyed/keys/" + keyId, "{\"allowedOrigins\":[\"https://b.example:8443\"]}", token);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("allowedOrigins").toString()).isEqualTo("[\"https://b.example:8443\"]");
        JsonNode listed = null;
        for (JsonNode item :
                server.send("GET", "/apps/keyed/keys", null, token).json().get("items")) {
            if (item.get("id").asText().equals(keyId)) {
                listed = item;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("allowedOrigins").toString()).isEqualTo("[\"https://b.example:8443\"]");
        assertThat(server.changes.events).contains("app:keyed");

        for (String bad : java.util.List.of(
                "\"https://a.example/path\"", "\"ftp://a.example\"", "\"a.example\"", "\" https://a.example\"", "7")) {
            Reply refused =
                    server.send("PATCH", "/apps/keyed/keys/" + keyId, "{\"allowedOrigins\":[" + bad + "]}", token);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body()).contains("allowedOrigins");
        }
        assertThat(server.send("PATCH", "/apps/keyed/keys/key_nope", "{\"allowedOrigins\":[]}", token)
                        .status())
                .isEqualTo(404);
    }
}
