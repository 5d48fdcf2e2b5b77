package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.memory.MemoryKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SummaryRoutesTest {
    private AdminApiServer server;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        token = server.login();
        server.send("POST", "/apps", Samples.app("remembering", "Remembering", null), token);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_show_and_clear_a_conversations_summary_keeping_draft_and_live_apart() {
        server.database
                .summaries()
                .put(MemoryKeys.of("remembering", false, "wechat:b1:u1"), "remembering", "Likes tea.");
        server.database
                .summaries()
                .put(MemoryKeys.of("remembering", true, "wechat:b1:u1"), "remembering", "Draft talk.");

        Reply live = server.send("GET", "/apps/remembering/conversations/wechat:b1:u1/summary", null, token);
        Reply draft =
                server.send("GET", "/apps/remembering/conversations/wechat:b1:u1/summary?draft=true", null, token);

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().path("summary").asText()).isEqualTo("Likes tea.");
        assertThat(live.json().path("updatedAt").asText()).isNotBlank();
        assertThat(draft.json().path("summary").asText()).isEqualTo("Draft talk.");

        Reply cleared = server.send("DELETE", "/apps/remembering/conversations/wechat:b1:u1/summary", null, token);
        assertThat(cleared.status()).isEqualTo(204);
        assertThat(server.send("GET", "/apps/remembering/conversations/wechat:b1:u1/summary", null, token)
                        .status())
                .isEqualTo(404);
        assertThat(server.send("GET", "/apps/remembering/conversations/wechat:b1:u1/summary?draft=true", null, token)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void should_name_what_is_wrong_with_the_request() {
        Reply unknownApp = server.send("GET", "/apps/ghost/conversations/c1/summary", null, token);
        Reply badDraft = server.send("GET", "/apps/remembering/conversations/c1/summary?draft=yes", null, token);
        Reply unknownParameter =
                server.send("GET", "/apps/remembering/conversations/c1/summary?colour=red", null, token);
        Reply anonymous = server.send("GET", "/apps/remembering/conversations/c1/summary", null, null);

        assertThat(unknownApp.status()).isEqualTo(404);
        assertThat(unknownApp.json().at("/error/message").asText()).contains("ghost");
        assertThat(badDraft.status()).isEqualTo(400);
        assertThat(badDraft.json().at("/error/message").asText()).contains("draft");
        assertThat(unknownParameter.status()).isEqualTo(400);
        assertThat(unknownParameter.json().at("/error/message").asText()).contains("colour");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void should_document_the_blank_conversation_ids_it_refuses() throws Exception {
        // Java's isBlank counts U+001C as white space (ECMA's \S does not) and U+00A0 as none: the
        // document's pattern says the same (schemathesis sent %1C, documented valid, and got 400).
        String pattern = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(AdminApi.openApiYaml())
                .at(
                        "/paths/~1admin~1v1~1apps~1{id}~1conversations~1{conversationId}~1summary/parameters/1/schema/pattern")
                .asText();
        java.util.regex.Pattern documented = java.util.regex.Pattern.compile(pattern);

        Reply separator = server.send("DELETE", "/apps/remembering/conversations/%1C/summary", null, token);
        Reply noBreakSpace = server.send("DELETE", "/apps/remembering/conversations/%C2%A0/summary", null, token);

        assertThat(separator.status()).as(separator.body()).isEqualTo(400);
        assertThat(documented.matcher("\u001c").find()).isFalse();
        assertThat(noBreakSpace.status()).as(noBreakSpace.body()).isNotEqualTo(400);
        assertThat(documented.matcher("\u00a0").find()).isTrue();
    }
}
