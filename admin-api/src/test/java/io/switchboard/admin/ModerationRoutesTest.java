package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.moderation.ModerationHit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModerationRoutesTest {
    private AdminApiServer server;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
        server.send("POST", "/apps", Samples.app("guarded", "Guarded", null), token);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_create_fill_rename_page_and_delete_shared_and_app_lists() {
        Reply shared = server.send("POST", "/moderation/lists", "{\"id\":\"politics\",\"name\":\"Politics\"}", token);
        Reply own = server.send(
                "POST", "/moderation/lists", "{\"id\":\"guarded-own\",\"name\":\"Own\",\"appId\":\"guarded\"}", token);
        Reply added = server.send(
                "POST", "/moderation/lists/politics/words", "{\"words\":[\"法轮功\",\" Badword \",\"法轮功\"]}", token);
        Reply renamed = server.send("PATCH", "/moderation/lists/politics", "{\"name\":\"Politics (zh)\"}", token);

        assertThat(shared.status()).isEqualTo(201);
        assertThat(shared.json().path("appId").isNull()).isTrue();
        assertThat(own.json().path("appId").asText()).isEqualTo("guarded");
        assertThat(added.json().path("changed").asInt()).isEqualTo(2);
        assertThat(renamed.json().path("name").asText()).isEqualTo("Politics (zh)");
        assertThat(server.send("GET", "/moderation/lists", null, token).json().path("lists"))
                .extracting(list -> list.path("id").asText())
                .contains("politics")
                .doesNotContain("guarded-own");
        assertThat(server.send("GET", "/moderation/lists?appId=guarded", null, token)
                        .json()
                        .path("lists"))
                .extracting(list -> list.path("id").asText())
                .containsExactly("guarded-own");
        assertThat(server.send("GET", "/moderation/lists/politics/words?limit=1", null, token)
                        .json()
                        .path("words"))
                .extracting(word -> word.asText())
                .containsExactly("Badword");

        Reply removed =
                server.send("POST", "/moderation/lists/politics/words/remove", "{\"words\":[\"Badword\"]}", token);
        assertThat(removed.json().path("changed").asInt()).isEqualTo(1);
        assertThat(removed.json().path("words").asInt()).isEqualTo(1);
        assertThat(server.send("DELETE", "/moderation/lists/guarded-own", null, token)
                        .status())
                .isEqualTo(204);
        assertThat(server.send("GET", "/moderation/lists/guarded-own", null, token)
                        .status())
                .isEqualTo(404);
        assertThat(server.send("POST", "/moderation/lists", "{\"id\":\"politics\",\"name\":\"Again\"}", token)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void should_refuse_removing_words_the_schema_refuses_naming_the_word() {
        server.send("POST", "/moderation/lists", "{\"id\":\"shapes\",\"name\":\"Shapes\"}", token);
        String tooLong = "x".repeat(101);
        String paddedTooLong = " " + "y".repeat(100);

        for (String words : new String[] {
            "[\"ok\",\"" + tooLong + "\"]", "[\"ok\",\"" + paddedTooLong + "\"]", "[\"ok\",\"   \"]", "[\"ok\",null]"
        }) {
            Reply removed =
                    server.send("POST", "/moderation/lists/shapes/words/remove", "{\"words\":" + words + "}", token);

            assertThat(removed.status()).as(words + ": " + removed.body()).isEqualTo(400);
            assertThat(removed.json().at("/error/message").asText()).contains("words[1]");
        }
        // adding measures the word as sent too, not once stripped
        Reply added =
                server.send("POST", "/moderation/lists/shapes/words", "{\"words\":[\"" + paddedTooLong + "\"]}", token);
        assertThat(added.status()).as(added.body()).isEqualTo(400);
        // a punctuation-only word cannot be in a list: removing it is harmless, not a mistake
        Reply punctuation = server.send("POST", "/moderation/lists/shapes/words/remove", "{\"words\":[\"!!\"]}", token);
        assertThat(punctuation.status()).as(punctuation.body()).isEqualTo(200);
        assertThat(punctuation.json().path("changed").asInt()).isZero();
    }

    @Test
    void should_import_a_file_of_thousands_of_words_and_report_what_it_skipped() {
        server.send("POST", "/moderation/lists", "{\"id\":\"bulk\",\"name\":\"Bulk\"}", token);
        String file = "\uFEFF# exported list\r\n"
                + IntStream.range(0, 5000).mapToObj(i -> "词" + i).collect(Collectors.joining("\r\n"))
                + "\n\n词1\n...\n";

        Reply imported = server.send(
                "POST",
                "/moderation/lists/bulk/import",
                "{\"text\":" + io.vertx.core.json.Json.encode(file) + "}",
                token);
        Reply again = server.send(
                "POST", "/moderation/lists/bulk/import", "{\"text\":\"only\\nthese\",\"replace\":true}", token);

        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.json().path("added").asInt()).isEqualTo(5000);
        assertThat(imported.json().path("duplicates").asInt()).isEqualTo(1);
        assertThat(imported.json().path("invalid").get(0).asText()).startsWith("line 5004: '...' has no letter");
        assertThat(imported.json().path("words").asInt()).isEqualTo(5000);
        assertThat(again.json().path("words").asInt()).isEqualTo(2);
    }

    @Test
    void should_refuse_bad_lists_words_and_settings_naming_the_field() {
        assertThat(message(server.send("POST", "/moderation/lists", "{\"id\":\"Bad Id\",\"name\":\"x\"}", token)))
                .contains("id must match");
        assertThat(message(server.send(
                        "POST", "/moderation/lists", "{\"id\":\"x\",\"name\":\"x\",\"appId\":\"nope\"}", token)))
                .contains("app 'nope' does not exist");
        server.send("POST", "/moderation/lists", "{\"id\":\"strict\",\"name\":\"Strict\"}", token);
        assertThat(message(server.send("POST", "/moderation/lists/strict/words", "{\"words\":[\"ok\",\"  \"]}", token)))
                .contains("words[1]");
        assertThat(server.send("POST", "/moderation/lists/none/words", "{\"words\":[\"ok\"]}", token)
                        .status())
                .isEqualTo(404);
        assertThat(message(server.send(
                        "PUT",
                        "/apps/guarded/draft",
                        Samples.config("Guarded", null).replaceFirst("\\}$", ",\"moderation\":{\"input\":\"shout\"}}"),
                        token)))
                .contains("moderation.input must be block, mask or off");
        assertThat(message(server.send(
                        "PUT",
                        "/apps/guarded/draft",
                        Samples.config("Guarded", null)
                                .replaceFirst("\\}$", ",\"moderation\":{\"provider\":{\"providerId\":\"p\"}}}"),
                        token)))
                .contains("moderation.provider must check the input, the output or both");
        assertThat(message(server.send("GET", "/apps/guarded/moderation/hits?direction=sideways", null, token)))
                .contains("direction must be input or output");
    }

    @Test
    void should_keep_moderation_in_the_draft_and_publish_it() {
        String config = Samples.config("Guarded", null)
                .replaceFirst(
                        "\\}$",
                        ",\"moderation\":{\"output\":\"replace\",\"lists\":[\"politics\"],\"presetReply\":\"No.\"}}");

        Reply saved = server.send("PUT", "/apps/guarded/draft", config, token);
        Reply published = server.send("POST", "/apps/guarded/publish", "{}", token);

        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.json().at("/draft/moderation/output").asText()).isEqualTo("replace");
        assertThat(saved.json().at("/draft/moderation/input").asText()).isEqualTo("block");
        assertThat(published.json().at("/config/moderation/presetReply").asText())
                .isEqualTo("No.");
    }

    @Test
    void should_list_an_apps_hits_newest_first() {
        Instant at = Instant.parse("2026-12-03T10:00:00Z");
        server.database
                .moderationHits()
                .record(List.of(
                        new ModerationHit(
                                0, "guarded", "web", ModerationHit.Direction.INPUT, "politics", "法轮功", "t1", at),
                        new ModerationHit(
                                0,
                                "guarded",
                                "telegram",
                                ModerationHit.Direction.OUTPUT,
                                "provider",
                                "violence",
                                "t2",
                                at.plusSeconds(5))));

        Reply all = server.send("GET", "/apps/guarded/moderation/hits", null, token);
        Reply input = server.send("GET", "/apps/guarded/moderation/hits?direction=input", null, token);
        Reply older = server.send("GET", "/apps/guarded/moderation/hits?before=2026-12-03T10:00:03Z", null, token);

        assertThat(all.json().path("hits"))
                .extracting(hit -> hit.path("turnId").asText())
                .containsExactly("t2", "t1");
        assertThat(all.json().at("/hits/0/direction").asText()).isEqualTo("output");
        assertThat(input.json().path("hits")).hasSize(1);
        assertThat(older.json().at("/hits/0/word").asText()).isEqualTo("法轮功");
        assertThat(server.send("GET", "/apps/missing/moderation/hits", null, token)
                        .status())
                .isEqualTo(404);
    }

    private static String message(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isBetween(400, 499);
        return reply.json().at("/error/message").asText();
    }
}
