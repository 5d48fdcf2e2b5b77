package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.switchboard.admin.AdminApiServer.Reply;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, Found 6: every admin text field has a length limit, the one {@code openapi.yaml} states, and
 * no stored text may hold NUL, a lone surrogate or a bidirectional override; each refusal is a 400 that
 * names the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoredTextTest {
    private final AtomicInteger ids = new AtomicInteger();
    private AdminApiServer server;
    private String token;
    private JsonNode schemas;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = AdminApiServer.start(dir);
        token = server.login();
        assertThat(server.send("POST", "/providers", Samples.provider("p1"), token)
                        .status())
                .isEqualTo(201);
        schemas = new YAMLMapper()
                .readTree(AdminApi.openApiYaml())
                .path("components")
                .path("schemas");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "name",
                "systemPrompt",
                "openingStatement",
                "fallbackText",
                "description",
                "suggestedQuestions",
                "variables",
                "qaPairs.question",
                "qaPairs.answer"
            })
    void should_take_an_app_field_at_its_documented_limit_and_refuse_one_character_more(String field) {
        String[] path = field.split("\\.");
        JsonNode property = path.length == 2
                ? schemas.path("QaPair").path("properties").path(path[1])
                : schemas.path("AppConfig").path("properties").path(field);
        JsonNode strings = property.has("items")
                ? property.path("items")
                : property.has("additionalProperties") ? property.path("additionalProperties") : property;
        assertThat(strings.path("maxLength").isInt())
                .as("openapi.yaml gives AppConfig." + field + " a maxLength")
                .isTrue();
        int limit = strings.path("maxLength").asInt();
        BiConsumer<ObjectNode, String> put = (config, text) -> {
            switch (field) {
                case "suggestedQuestions" -> config.putArray(field).add(text);
                case "variables" -> config.putObject(field).put("user", text);
                case "qaPairs.question", "qaPairs.answer" -> {
                    ObjectNode pair = ((ArrayNode) config.withArray("qaPairs"))
                            .objectNode()
                            .put("question", "q")
                            .put("answer", "a")
                            .put(path[1], text);
                    config.putArray("qaPairs").add(pair);
                }
                default -> config.put(field, text);
            }
        };

        Reply atLimit = createApp(put, "x".repeat(limit));
        Reply overLimit = createApp(put, "x".repeat(limit + 1));

        assertThat(atLimit.status()).as(atLimit.body()).isEqualTo(201);
        assertThat(overLimit.status()).as(overLimit.body()).isEqualTo(400);
        assertThat(overLimit.json().path("error").path("message").asText())
                .contains(path[path.length - 1])
                .contains(String.valueOf(limit));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\ud800", "\udc00", "\u202e", "\u2066"})
    void should_refuse_nul_lone_surrogates_and_bidi_overrides_naming_the_field(String bad) {
        Reply inName = createApp((config, text) -> config.put("name", text), "App " + bad + " one");
        Reply inOpening = createApp((config, text) -> config.put("openingStatement", text), "Hello" + bad);
        Reply inVariableName =
                createApp((config, text) -> config.putObject("variables").put(text, "v"), "a" + bad);
        Reply inProviderName = server.send("PUT", "/providers/p1", provider("Local " + bad), token);

        assertThat(inName.status()).as(inName.body()).isEqualTo(400);
        assertThat(inName.json().path("error").path("message").asText()).contains("'config.name'");
        assertThat(inOpening.status()).isEqualTo(400);
        assertThat(inOpening.json().path("error").path("message").asText()).contains("'config.openingStatement'");
        assertThat(inVariableName.status()).isEqualTo(400);
        assertThat(inVariableName.json().path("error").path("message").asText()).contains("'config.variables'");
        assertThat(inProviderName.status()).as(inProviderName.body()).isEqualTo(400);
        assertThat(inProviderName.json().path("error").path("message").asText()).contains("'name'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"مرحبا \u200f", "👨‍👩‍👧", "Grüße 你好"})
    void should_keep_ordinary_text_of_any_script(String text) {
        Reply reply = createApp((config, value) -> config.put("openingStatement", value), text);

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.json().path("draft").path("openingStatement").asText()).isEqualTo(text);
    }

    private Reply createApp(BiConsumer<ObjectNode, String> put, String text) {
        try {
            ObjectNode config = (ObjectNode) AdminApiServer.JSON.readTree(Samples.config("App", "p1"));
            put.accept(config, text);
            ObjectNode body = AdminApiServer.JSON.createObjectNode().put("id", "app-" + ids.incrementAndGet());
            body.set("config", config);
            return server.send("POST", "/apps", escaped(body), token);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String provider(String name) {
        try {
            ObjectNode provider = (ObjectNode) AdminApiServer.JSON.readTree(Samples.provider("p1"));
            return escaped(provider.put("name", name));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** As JSON with every non-ASCII character escaped, so that a lone surrogate reaches the server as sent. */
    private static String escaped(JsonNode body) throws Exception {
        return AdminApiServer.JSON
                .writer()
                .with(JsonWriteFeature.ESCAPE_NON_ASCII)
                .writeValueAsString(body);
    }
}
