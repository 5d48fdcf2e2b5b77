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
class AppRoutesTest {
    private AdminApiServer server;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
        assertThat(server.send("POST", "/providers", Samples.provider("local"), token)
                        .status())
                .isEqualTo(201);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_create_read_list_and_delete_an_app() {
        Reply created = server.send("POST", "/apps", Samples.app("crud", "CRUD bot", "local"), token);

        assertThat(created.status()).isEqualTo(201);
        JsonNode app = server.send("GET", "/apps/crud", null, token).json();
        assertThat(app.get("id").asText()).isEqualTo("crud");
        assertThat(app.at("/draft/name").asText()).isEqualTo("CRUD bot");
        assertThat(app.at("/draft/model/providerId").asText()).isEqualTo("local");
        assertThat(app.at("/draft/memory/lastMessages").asInt()).isEqualTo(6);
        assertThat(app.at("/draft/qaPairs/0/answer").asText()).isEqualTo("9 to 5.");
        assertThat(app.get("publishedVersion").isNull()).isTrue();
        assertThat(server.send("GET", "/apps?limit=100", null, token).json().get("items"))
                .extracting(item -> item.get("id").asText())
                .contains("crud");

        assertThat(server.send("DELETE", "/apps/crud", null, token).status()).isEqualTo(204);
        assertThat(server.send("GET", "/apps/crud", null, token).status()).isEqualTo(404);
        assertThat(server.send("DELETE", "/apps/crud", null, token).status()).isEqualTo(404);
    }

    @Test
    void should_publish_versions_and_roll_back_to_an_earlier_one() {
        server.send("POST", "/apps", Samples.app("versioned", "First draft", "local"), token);

        Reply v1 = server.send("POST", "/apps/versioned/publish", "{\"note\":\"first\"}", token);
        server.send("PUT", "/apps/versioned/draft", Samples.config("Second draft", null), token);
        Reply v2 = server.send("POST", "/apps/versioned/publish", null, token);
        Reply rolledBack = server.send("POST", "/apps/versioned/rollback", "{\"version\":1}", token);

        assertThat(v1.status()).isEqualTo(201);
        assertThat(v1.json().get("version").asInt()).isEqualTo(1);
        assertThat(v2.json().get("version").asInt()).isEqualTo(2);
        assertThat(v2.json().at("/config/name").asText()).isEqualTo("Second draft");
        assertThat(rolledBack.status()).isEqualTo(200);
        assertThat(rolledBack.json().get("publishedVersion").asInt()).isEqualTo(1);
        JsonNode app = server.send("GET", "/apps/versioned", null, token).json();
        assertThat(app.get("publishedVersion").asInt()).isEqualTo(1);
        assertThat(app.at("/draft/name").asText()).isEqualTo("Second draft");
        JsonNode versions = server.send("GET", "/apps/versioned/versions", null, token)
                .json()
                .get("items");
        assertThat(versions).extracting(v -> v.get("version").asInt()).containsExactly(2, 1);
        assertThat(versions).extracting(v -> v.get("published").asBoolean()).containsExactly(false, true);
        JsonNode first =
                server.send("GET", "/apps/versioned/versions/1", null, token).json();
        assertThat(first.at("/config/name").asText()).isEqualTo("First draft");
        assertThat(first.get("note").asText()).isEqualTo("first");
        assertThat(server.send("GET", "/apps/versioned/versions/3", null, token).status())
                .isEqualTo(404);
        // the app exists: a version it never had, named in the body, is a 409 naming the version
        Reply unknownVersion = server.send("POST", "/apps/versioned/rollback", "{\"version\":7}", token);
        assertThat(unknownVersion.status()).as(unknownVersion.body()).isEqualTo(409);
        assertThat(unknownVersion.json().at("/error/code").asText()).isEqualTo("unknown_version");
        assertThat(unknownVersion.json().at("/error/message").asText()).contains("version 7");
        assertThat(server.send("POST", "/apps/no-such-app/rollback", "{\"version\":1}", token)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void should_fill_defaults_for_a_minimal_config() {
        Reply created = server.send("POST", "/apps", "{\"id\":\"minimal\",\"config\":{\"name\":\"Minimal\"}}", token);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode draft = created.json().get("draft");
        assertThat(draft.get("qaThreshold").asDouble()).isEqualTo(0.8);
        assertThat(draft.at("/memory/lastMessages").asInt()).isEqualTo(10);
        assertThat(draft.get("model").isNull()).isTrue();
        assertThat(draft.get("fallbackText").asText()).isNotBlank();
        assertThat(draft.has("offline"))
                .as("only record components are serialised")
                .isFalse();
    }

    @Test
    void should_refuse_a_draft_that_names_no_provider() {
        Reply create = server.send("POST", "/apps", Samples.app("orphan", "Orphan", "nowhere"), token);

        assertThat(create.status()).isEqualTo(400);
        assertThat(create.json().at("/error/message").asText()).contains("model.providerId", "nowhere");
        assertThat(server.send("GET", "/apps/orphan", null, token).status()).isEqualTo(404);
    }

    @Test
    void should_keep_vision_and_speech_settings_and_reject_bad_ones_naming_the_field() {
        String valid = Samples.config("Media", "local")
                .replace("\"maxTokens\":512", "\"maxTokens\":512,\"vision\":true")
                .replace("{\"name\"", "{\"speech\":{\"providerId\":\"local\",\"modelName\":\"whisper-1\"},\"name\"");
        server.send("POST", "/apps", Samples.app("media", "Media", null), token);

        Reply saved = server.send("PUT", "/apps/media/draft", valid, token);
        Reply blankModel = server.send("PUT", "/apps/media/draft", valid.replace("whisper-1", " "), token);
        Reply noProvider = server.send(
                "PUT",
                "/apps/media/draft",
                valid.replace(
                        "\"providerId\":\"local\",\"modelName\":\"whisper-1\"",
                        "\"providerId\":\"nowhere\",\"modelName\":\"whisper-1\""),
                token);
        Reply wrongType = server.send(
                "PUT", "/apps/media/draft", valid.replace("\"vision\":true", "\"vision\":\"sometimes\""), token);

        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.json().at("/draft/model/vision").asBoolean()).isTrue();
        assertThat(saved.json().at("/draft/speech/modelName").asText()).isEqualTo("whisper-1");
        assertThat(blankModel.status()).isEqualTo(400);
        assertThat(blankModel.json().at("/error/message").asText()).contains("speech.modelName");
        assertThat(noProvider.status()).isEqualTo(400);
        assertThat(noProvider.json().at("/error/message").asText()).contains("speech.providerId", "nowhere");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().at("/error/message").asText()).contains("model.vision");
        assertThat(server.send("GET", "/apps/media", null, token)
                        .json()
                        .at("/draft/speech/modelName")
                        .asText())
                .as("nothing half-written")
                .isEqualTo("whisper-1");
    }

    @Test
    void should_name_the_invalid_field() {
        String badMemory = Samples.config("Bad", "local").replace("\"lastMessages\":6", "\"lastMessages\":-1");
        String unknownField = Samples.config("Bad", "local").replace("{\"name\"", "{\"colour\":\"red\",\"name\"");
        String wrongType = Samples.config("Bad", "local").replace("\"temperature\":0.3", "\"temperature\":\"hot\"");
        server.send("POST", "/apps", Samples.app("strict", "Strict", null), token);

        Reply memory = server.send("PUT", "/apps/strict/draft", badMemory, token);
        Reply unknown = server.send("PUT", "/apps/strict/draft", unknownField, token);
        Reply type = server.send("PUT", "/apps/strict/draft", wrongType, token);
        Reply language = server.send(
                "PUT",
                "/apps/strict/draft",
                Samples.config("Bad", "local").replace("\"replyLanguage\":\"en\"", "\"replyLanguage\":\"English!\""),
                token);

        assertThat(memory.status()).isEqualTo(400);
        assertThat(memory.json().at("/error/message").asText()).contains("memory.lastMessages");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/error/message").asText()).contains("colour");
        assertThat(type.status()).isEqualTo(400);
        assertThat(type.json().at("/error/message").asText()).contains("model.temperature");
        assertThat(language.status()).isEqualTo(400);
        assertThat(language.json().at("/error/message").asText())
                .contains("replyLanguage")
                .contains("English!");
        assertThat(server.send("GET", "/apps/strict", null, token)
                        .json()
                        .at("/draft/name")
                        .asText())
                .isEqualTo("Strict");
    }

    @Test
    void should_refuse_a_duplicate_id_with_conflict() {
        server.send("POST", "/apps", Samples.app("twin", "Twin", null), token);

        Reply again = server.send("POST", "/apps", Samples.app("twin", "Other twin", null), token);

        assertThat(again.status()).isEqualTo(409);
        assertThat(server.send("GET", "/apps/twin", null, token)
                        .json()
                        .at("/draft/name")
                        .asText())
                .isEqualTo("Twin");
    }

    @Test
    void should_tell_the_listener_about_every_app_change() {
        server.changes.events.clear();

        server.send("POST", "/apps", Samples.app("watched", "Watched", null), token);
        server.send("PUT", "/apps/watched/draft", Samples.config("Watched 2", null), token);
        server.send("POST", "/apps/watched/publish", "{}", token);
        server.send("POST", "/apps/watched/rollback", "{\"version\":1}", token);
        server.send("DELETE", "/apps/watched", null, token);
        server.send("PUT", "/apps/watched/draft", Samples.config("Too late", null), token);

        assertThat(server.changes.events)
                .containsExactly("app:watched", "app:watched", "app:watched", "app:watched", "app:watched");
    }

    @Test
    void should_page_the_app_list() {
        for (String id : new String[] {"page-a", "page-b", "page-c"}) {
            server.send("POST", "/apps", Samples.app(id, id, null), token);
        }

        JsonNode all = server.send("GET", "/apps?limit=100", null, token).json();
        JsonNode second =
                server.send("GET", "/apps?offset=1&limit=1", null, token).json();

        assertThat(second.get("items")).hasSize(1);
        assertThat(second.at("/items/0/id").asText())
                .isEqualTo(all.at("/items/1/id").asText());
        assertThat(server.send("GET", "/apps?limit=101", null, token).status()).isEqualTo(400);
        assertThat(server.send("GET", "/apps?offset=-1", null, token).status()).isEqualTo(400);
    }

    @Test
    void should_merge_patch_the_draft_keeping_what_the_patch_leaves_out() {
        server.send("POST", "/apps", Samples.app("patched", "Patched", "local"), token);

        Reply patched = server.send(
                "PATCH",
                "/apps/patched/draft",
                "{\"systemPrompt\":\"Be brief.\",\"model\":{\"temperature\":0.9},\"replyLanguage\":null}",
                token,
                "application/merge-patch+json");

        assertThat(patched.status()).isEqualTo(200);
        JsonNode draft = server.send("GET", "/apps/patched", null, token).json().get("draft");
        assertThat(draft.get("systemPrompt").asText()).isEqualTo("Be brief.");
        assertThat(draft.at("/model/temperature").asDouble()).isEqualTo(0.9);
        assertThat(draft.at("/model/modelName").asText()).isEqualTo("gpt-4o-mini");
        assertThat(draft.at("/model/maxTokens").asInt()).isEqualTo(512);
        assertThat(draft.get("replyLanguage").isNull()).isTrue();
        assertThat(draft.get("openingStatement").asText()).isEqualTo("Hi!");
        assertThat(draft.at("/qaPairs/0/answer").asText()).isEqualTo("9 to 5.");
        assertThat(draft.at("/memory/lastMessages").asInt()).isEqualTo(6);
        assertThat(draft.at("/suggestedQuestions/0").asText()).isEqualTo("What can you do?");

        Reply plainJson = server.send("PATCH", "/apps/patched/draft", "{\"model\":null}", token);
        assertThat(plainJson.status()).isEqualTo(200);
        assertThat(plainJson.json().at("/draft/model").isNull()).isTrue();
        assertThat(plainJson.json().at("/draft/qaPairs/0/answer").asText()).isEqualTo("9 to 5.");
    }

    @Test
    void should_validate_a_merge_patch_like_a_put_naming_the_field() {
        server.send("POST", "/apps", Samples.app("patch-bad", "Patch bad", "local"), token);

        Reply unknown = server.send("PATCH", "/apps/patch-bad/draft", "{\"colour\":\"red\"}", token);
        Reply wrongType =
                server.send("PATCH", "/apps/patch-bad/draft", "{\"memory\":{\"lastMessages\":\"six\"}}", token);
        Reply invalid = server.send("PATCH", "/apps/patch-bad/draft", "{\"qaThreshold\":2}", token);
        Reply blankName = server.send("PATCH", "/apps/patch-bad/draft", "{\"name\":null}", token);
        Reply noProvider =
                server.send("PATCH", "/apps/patch-bad/draft", "{\"model\":{\"providerId\":\"ghost\"}}", token);
        Reply notAnObject = server.send("PATCH", "/apps/patch-bad/draft", "[1]", token);
        Reply missing = server.send("PATCH", "/apps/nobody/draft", "{}", token);
        Reply xml = server.send("PATCH", "/apps/patch-bad/draft", "<a/>", token, "application/xml");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("colour");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body()).contains("memory.lastMessages");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("qaThreshold");
        assertThat(blankName.status()).isEqualTo(400);
        assertThat(blankName.body()).contains("name");
        assertThat(noProvider.status()).isEqualTo(400);
        assertThat(noProvider.body()).contains("ghost");
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(xml.status()).isEqualTo(415);
        assertThat(server.send("GET", "/apps/patch-bad", null, token)
                        .json()
                        .at("/draft/name")
                        .asText())
                .isEqualTo("Patch bad");
    }

    /**
     * Issue 11's settings through the admin API: follow-ups off until asked for, three when asked for
     * without a count; bad follow-up, summary and reply-language settings are 400s naming the field, and
     * the draft keeps what it had.
     */
    @Test
    void should_default_and_validate_the_follow_up_summary_and_language_settings_naming_the_field() {
        server.send("POST", "/apps", Samples.app("app11", "App 11", "local"), token);
        assertThat(server.send("GET", "/apps/app11", null, token)
                        .json()
                        .at("/draft/followUps")
                        .isNull())
                .as("follow-ups are off by default")
                .isTrue();
        Reply on = server.send("PATCH", "/apps/app11/draft", "{\"followUps\":{}}", token);
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(server.send("GET", "/apps/app11", null, token)
                        .json()
                        .at("/draft/followUps/count")
                        .asInt())
                .isEqualTo(3);

        java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"followUps\":{\"count\":6}}", "followUps.count");
        bad.put("{\"followUps\":{\"count\":-1}}", "followUps.count");
        bad.put("{\"followUps\":{\"providerId\":\"local\"}}", "followUps.modelName");
        bad.put("{\"memory\":{\"summary\":{\"maxChars\":50}}}", "memory.summary.maxChars");
        bad.put("{\"memory\":{\"summary\":{\"maxChars\":5000}}}", "memory.summary.maxChars");
        bad.put("{\"memory\":{\"summary\":{\"providerId\":\"local\"}}}", "memory.summary.modelName");
        bad.put("{\"memory\":{\"lastMessages\":0,\"summary\":{}}}", "memory.lastMessages");
        bad.put("{\"replyLanguage\":\"zh_CN!\"}", "replyLanguage");
        for (var patch : bad.entrySet()) {
            Reply refused = server.send("PATCH", "/apps/app11/draft", patch.getKey(), token);
            assertThat(refused.status())
                    .as(patch.getKey() + " → " + refused.body())
                    .isEqualTo(400);
            assertThat(refused.json().at("/error/message").asText())
                    .as(patch.getKey())
                    .contains(patch.getValue());
        }
        JsonNode draft = server.send("GET", "/apps/app11", null, token).json().get("draft");
        assertThat(draft.at("/followUps/count").asInt()).isEqualTo(3);
        assertThat(draft.at("/memory/summary").isMissingNode()
                        || draft.at("/memory/summary").isNull())
                .isTrue();
    }

    @Test
    void should_keep_an_icon_and_a_description_and_list_them() {
        server.send("POST", "/apps", Samples.app("iconic", "Iconic", null), token);

        Reply patched = server.send(
                "PATCH",
                "/apps/iconic/draft",
                "{\"icon\":\"👨‍👩‍👧\",\"description\":\"  Answers about the family.  \"}",
                token);
        Reply tooLong = server.send("PATCH", "/apps/iconic/draft", "{\"icon\":\"" + "x".repeat(17) + "\"}", token);
        Reply twoLines = server.send("PATCH", "/apps/iconic/draft", "{\"icon\":\"a\\nb\"}", token);

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().at("/draft/icon").asText()).isEqualTo("👨‍👩‍👧");
        assertThat(patched.json().at("/draft/description").asText()).isEqualTo("Answers about the family.");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("icon");
        assertThat(twoLines.status()).isEqualTo(400);
        JsonNode listed =
                server.send("GET", "/apps?limit=100", null, token).json().get("items");
        assertThat(listed)
                .filteredOn(item -> item.get("id").asText().equals("iconic"))
                .singleElement()
                .satisfies(item -> {
                    assertThat(item.get("icon").asText()).isEqualTo("👨‍👩‍👧");
                    assertThat(item.get("description").asText()).isEqualTo("Answers about the family.");
                });
    }
}
