package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.testkit.FakeOllamaServer;
import io.switchboard.testkit.FakeOpenAiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderRoutesTest {
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
    void should_never_return_the_api_key() {
        Reply created = server.send("POST", "/providers", Samples.provider("secretive"), token);
        Reply fetched = server.send("GET", "/providers/secretive", null, token);
        Reply listed = server.send("GET", "/providers", null, token);

        assertThat(created.status()).isEqualTo(201);
        assertThat(fetched.status()).isEqualTo(200);
        for (Reply reply : new Reply[] {created, fetched, listed}) {
            assertThat(reply.body()).doesNotContain(Samples.PROVIDER_KEY).doesNotContain("abcdef");
        }
        assertThat(fetched.json().get("apiKeySet").asBoolean()).isTrue();
        assertThat(fetched.json().get("apiKeyHint").asText()).isEqualTo("…WXYZ");
        assertThat(fetched.json().get("timeoutMs").asLong()).isEqualTo(30_000);
        assertThat(fetched.json().get("kind").asText()).isEqualTo("OPENAI_COMPATIBLE");
    }

    @Test
    void should_keep_the_stored_key_when_an_update_omits_it_and_drop_it_when_empty() {
        server.send("POST", "/providers", Samples.provider("kept"), token);

        Reply renamed = server.send(
                "PUT",
                "/providers/kept",
                "{\"name\":\"Renamed\",\"kind\":\"OLLAMA\",\"baseUrl\":\"http://127.0.0.1:11434\"}",
                token);

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("name").asText()).isEqualTo("Renamed");
        assertThat(renamed.json().get("apiKeySet").asBoolean()).isTrue();
        assertThat(server.database
                        .providers()
                        .find("kept")
                        .orElseThrow()
                        .apiKey()
                        .reveal())
                .isEqualTo(Samples.PROVIDER_KEY);

        Reply cleared = server.send(
                "PUT",
                "/providers/kept",
                "{\"kind\":\"OLLAMA\",\"baseUrl\":\"http://127.0.0.1:11434\",\"apiKey\":\"\"}",
                token);

        assertThat(cleared.json().get("apiKeySet").asBoolean()).isFalse();
        assertThat(server.database.providers().find("kept").orElseThrow().apiKey())
                .isNull();
    }

    @Test
    void should_refuse_deleting_a_provider_a_draft_uses() {
        server.send("POST", "/providers", Samples.provider("busy"), token);
        server.send("POST", "/apps", Samples.app("busy-app", "Busy", "busy"), token);

        Reply refused = server.send("DELETE", "/providers/busy", null, token);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().at("/error/message").asText()).contains("busy-app");
        server.send("DELETE", "/apps/busy-app", null, token);
        assertThat(server.send("DELETE", "/providers/busy", null, token).status())
                .isEqualTo(204);
        assertThat(server.send("GET", "/providers/busy", null, token).status()).isEqualTo(404);
    }

    @Test
    void should_refuse_an_unknown_kind_naming_the_field() {
        Reply reply =
                server.send("POST", "/providers", Samples.provider("odd").replace("OPENAI_COMPATIBLE", "SOAP"), token);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/error/message").asText()).contains("kind", "OLLAMA");
        assertThat(server.send("GET", "/providers/odd", null, token).status()).isEqualTo(404);
    }

    @Test
    void should_refuse_a_key_that_cannot_be_sent_in_a_header_naming_the_field() {
        // keys travel in authorization / x-api-key headers: the model listing used to fail with
        // "invalid header value" for a stored key holding a space, a control character or a non-ASCII letter
        for (String bad : new String[] {"sk key", "sk\\u0007bell", "sk-été", "sk-中文"}) {
            Reply created = server.send(
                    "POST", "/providers", Samples.provider("headerkey").replace(Samples.PROVIDER_KEY, bad), token);

            assertThat(created.status()).as(bad + ": " + created.body()).isEqualTo(400);
            assertThat(created.json().at("/error/message").asText()).contains("apiKey");
        }
        Reply extra = server.send(
                "POST",
                "/providers",
                Samples.provider("headerkey")
                        .replace("\"maxRetries\":1", "\"maxRetries\":1,\"extraApiKeys\":[\"ok-1\",\"bad key\"]"),
                token);
        assertThat(extra.status()).as(extra.body()).isEqualTo(400);
        assertThat(extra.json().at("/error/message").asText()).contains("extraApiKeys[1]");
        assertThat(server.send("GET", "/providers/headerkey", null, token).status())
                .isEqualTo(404);

        server.send("POST", "/providers", Samples.provider("headerkey"), token);
        Reply replaced = server.send(
                "PUT",
                "/providers/headerkey",
                Samples.provider("headerkey").replace(Samples.PROVIDER_KEY, "two words"),
                token);
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(400);
        assertThat(replaced.json().at("/error/message").asText()).contains("apiKey");
    }

    @Test
    void should_tell_the_listener_about_provider_changes() {
        server.changes.events.clear();

        server.send("POST", "/providers", Samples.provider("watched"), token);
        server.send("PUT", "/providers/watched", Samples.provider("watched"), token);
        server.send("DELETE", "/providers/watched", null, token);
        server.send("DELETE", "/providers/watched", null, token);

        assertThat(server.changes.events).containsExactly("provider:watched", "provider:watched", "provider:watched");
    }

    @Test
    void should_list_the_models_an_openai_compatible_provider_serves_asking_with_its_key() {
        try (FakeOpenAiServer model =
                FakeOpenAiServer.create().expectApiKey(Samples.PROVIDER_KEY).start()) {
            server.send(
                    "POST",
                    "/providers",
                    Samples.provider("listing").replace("http://127.0.0.1:9/v1", model.baseUrl()),
                    token);

            Reply models = server.send("GET", "/providers/listing/models", null, token);

            assertThat(models.status()).isEqualTo(200);
            assertThat(models.json().get("items").get(0).asText()).isEqualTo(FakeOpenAiServer.MODEL_ID);
            assertThat(model.requests().getLast().header("authorization")).isEqualTo("Bearer " + Samples.PROVIDER_KEY);
        }
    }

    @Test
    void should_list_the_models_of_an_ollama_server() {
        try (FakeOllamaServer ollama = FakeOllamaServer.create().start()) {
            server.send(
                    "POST",
                    "/providers",
                    "{\"id\":\"ollama-models\",\"kind\":\"OLLAMA\",\"baseUrl\":\"" + ollama.baseUrl() + "\"}",
                    token);

            Reply models = server.send("GET", "/providers/ollama-models/models", null, token);

            assertThat(models.status()).isEqualTo(200);
            assertThat(models.json().get("items").get(0).asText()).isEqualTo(FakeOllamaServer.MODEL_ID);
        }
    }

    @Test
    void should_answer_502_naming_the_provider_when_it_cannot_be_asked_and_404_when_unknown() {
        server.send("POST", "/providers", Samples.provider("unreachable"), token);

        Reply unreachable = server.send("GET", "/providers/unreachable/models", null, token);
        Reply unknown = server.send("GET", "/providers/nobody/models", null, token);

        assertThat(unreachable.status()).isEqualTo(502);
        assertThat(unreachable.json().at("/error/message").asText())
                .contains("provider 'unreachable'")
                .doesNotContain(Samples.PROVIDER_KEY);
        assertThat(unknown.status()).isEqualTo(404);
    }
}
