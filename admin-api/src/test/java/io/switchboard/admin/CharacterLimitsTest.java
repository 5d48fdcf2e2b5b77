package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Length limits count characters (code points), as the document's {@code maxLength} does (JSON Schema), not
 * UTF-16 units: a name of 100 characters outside the Basic Multilingual Plane is 200 units and was refused
 * (issue 13, Found 7: schemathesis's admin pass). A text the API accepts but an H2 column cannot hold is a
 * 400, never a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CharacterLimitsTest {
    /** A CJK letter of Extension B (U+20000): one character, two UTF-16 units. */
    private static final String WIDE = new String(Character.toChars(0x20000));

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
    void should_take_an_app_name_of_100_characters_outside_the_bmp_and_refuse_101() {
        Reply taken = server.send("POST", "/apps", Samples.app("wide-name", WIDE.repeat(100), null), token);
        assertThat(taken.status()).as(taken.body()).isEqualTo(201);
        assertThat(taken.json().at("/draft/name").asText()).isEqualTo(WIDE.repeat(100));

        Reply refused = server.send("POST", "/apps", Samples.app("wider-name", WIDE.repeat(101), null), token);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("name");
    }

    @Test
    void should_store_a_knowledge_base_name_of_200_characters_outside_the_bmp() {
        Reply created = server.send("POST", "/knowledge-bases", "{\"name\":\"" + WIDE.repeat(200) + "\"}", token);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(server.send("GET", "/knowledge-bases/" + id, null, token)
                        .json()
                        .get("name")
                        .asText())
                .isEqualTo(WIDE.repeat(200));
    }

    @Test
    void should_add_and_remove_a_keyword_of_50_characters_outside_the_bmp() {
        Reply list = server.send("POST", "/moderation/lists", "{\"id\":\"wide-words\",\"name\":\"Wide\"}", token);
        assertThat(list.status()).as(list.body()).isEqualTo(201);
        String words = "{\"words\":[\"" + WIDE.repeat(50) + "\"]}";

        Reply added = server.send("POST", "/moderation/lists/wide-words/words", words, token);
        assertThat(added.status()).as(added.body()).isLessThan(300);
        Reply removed = server.send("POST", "/moderation/lists/wide-words/words/remove", words, token);
        assertThat(removed.status()).as(removed.body()).isLessThan(300);
    }

    @Test
    void should_refuse_with_400_not_500_a_text_the_api_takes_but_an_h2_column_cannot_hold() {
        // workspaces.name is varchar(200), created after the migrations that may widen it (V14): on H2 its
        // 200 characters are 400 UTF-16 units
        Reply refused = server.send(
                "POST", "/workspaces", "{\"id\":\"wide-team\",\"name\":\"" + WIDE.repeat(200) + "\"}", token);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("longer than the database column holds");
    }
}
