package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.moderation.ModerationHit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log and the moderation records, route by route, across two workspaces: the installation's
 * ({@code default}, whose admin sees every audit entry) and {@code team-b}, whose owner sees only what
 * was done in it and none of the default workspace's app keyword lists or hits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceScopedLogsTest {
    private AdminApiServer server;
    private String owner;
    private String bea;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        owner = server.login();
        bea = server.userToken("bea");
        created(server.send("POST", "/workspaces", "{\"id\":\"team-b\",\"name\":\"Team B\"}", bea));
        created(server.send("POST", "/providers", Samples.provider("a-model"), owner));
        created(server.send("POST", "/apps", Samples.app("a-app", "A", "a-model"), owner));
        created(server.sendIn("team-b", "POST", "/providers", Samples.provider("b-model"), bea));
        created(server.sendIn("team-b", "POST", "/apps", Samples.app("b-app", "B", "b-model"), bea));
        created(server.send("POST", "/moderation/lists", "{\"id\":\"shared-words\",\"name\":\"Shared\"}", owner));
        created(server.send(
                "POST", "/moderation/lists", "{\"id\":\"a-own\",\"name\":\"A's own\",\"appId\":\"a-app\"}", owner));
        // An app's own list belongs to the app's workspace: team B's owner creates it there.
        created(server.sendIn(
                "team-b",
                "POST",
                "/moderation/lists",
                "{\"id\":\"b-own\",\"name\":\"B's own\",\"appId\":\"b-app\"}",
                bea));
        created(server.send("POST", "/moderation/lists/a-own/words", "{\"words\":[\"secret-recipe\"]}", owner));
        Instant at = Instant.parse("2026-12-06T10:00:00Z");
        server.database
                .moderationHits()
                .record(List.of(
                        new ModerationHit(
                                0, "a-app", "web", ModerationHit.Direction.INPUT, "a-own", "secret-recipe", "ta", at),
                        new ModerationHit(0, "b-app", "web", ModerationHit.Direction.OUTPUT, "b-own", "x", "tb", at)));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_show_a_workspace_admin_only_the_audit_entries_of_their_workspace() {
        List<String> ownerSees = awaitPaths("default", owner, 7);
        List<String> beaSees = awaitPaths("team-b", bea, 4);

        assertThat(beaSees)
                .containsExactlyInAnyOrder(
                        "/admin/v1/workspaces", "/admin/v1/providers", "/admin/v1/apps", "/admin/v1/moderation/lists")
                .as("nothing of the default workspace");
        assertThat(ownerSees)
                .as("the installation's admin sees every workspace's entries")
                .contains("/admin/v1/apps", "/admin/v1/moderation/lists/a-own/words")
                // default: the provider, the app, the shared and a-app's own list, its words
                .hasSizeGreaterThanOrEqualTo(beaSees.size() + 5);
        JsonNode onlyB =
                server.send("GET", "/audit?workspace=team-b", null, owner).json();
        assertThat(onlyB.get("items").findValuesAsText("workspaceId")).containsOnly("team-b");
        assertThat(onlyB.get("items")).hasSize(4);
        Reply elsewhere = server.sendIn("team-b", "GET", "/audit?workspace=default", null, bea);
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.json().at("/error/message").asText()).startsWith("workspace:");
        Reply csv = server.sendIn("team-b", "GET", "/audit.csv", null, bea);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body())
                .contains("/admin/v1/apps")
                .contains("b-own")
                .doesNotContain("shared-words")
                .doesNotContain("a-own")
                .doesNotContain("a-app");
        assertThat(server.send("GET", "/audit.csv", null, owner).body()).contains("moderation/lists/a-own");
        assertThat(server.send("GET", "/audit", null, bea).status())
                .as("bea is no member of the default workspace")
                .isEqualTo(404);
    }

    @Test
    void should_keep_another_workspaces_app_keyword_lists_and_hits_out_of_sight() {
        assertThat(server.sendIn("team-b", "GET", "/moderation/lists?appId=a-app", null, bea)
                        .status())
                .isEqualTo(404);
        assertThat(server.sendIn("team-b", "GET", "/moderation/lists/a-own", null, bea)
                        .status())
                .isEqualTo(404);
        assertThat(server.sendIn("team-b", "GET", "/moderation/lists/a-own/words", null, bea)
                        .status())
                .isEqualTo(404);
        assertThat(server.sendIn("team-b", "GET", "/apps/a-app/moderation/hits", null, bea)
                        .status())
                .isEqualTo(404);

        assertThat(server.sendIn("team-b", "GET", "/moderation/lists?appId=b-app", null, bea)
                        .json()
                        .at("/lists/0/id")
                        .asText())
                .isEqualTo("b-own");
        assertThat(server.sendIn("team-b", "GET", "/moderation/lists/b-own", null, bea)
                        .status())
                .isEqualTo(200);
        assertThat(server.sendIn("team-b", "GET", "/moderation/lists/shared-words", null, bea)
                        .status())
                .as("shared lists are the installation's, read by every member")
                .isEqualTo(200);
        assertThat(server.sendIn("team-b", "GET", "/moderation/lists", null, bea)
                        .body())
                .contains("shared-words")
                .doesNotContain("a-own");
        JsonNode bHits = server.sendIn("team-b", "GET", "/apps/b-app/moderation/hits", null, bea)
                .json();
        assertThat(bHits.get("hits").findValuesAsText("turnId")).containsExactly("tb");
        assertThat(server.send("GET", "/apps/a-app/moderation/hits", null, owner)
                        .json()
                        .get("hits")
                        .findValuesAsText("turnId"))
                .containsExactly("ta");
        assertThat(server.send("GET", "/moderation/lists/a-own/words", null, owner)
                        .body())
                .contains("secret-recipe");
    }

    private List<String> awaitPaths(String workspace, String token, int atLeast) {
        List<String> paths = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            paths.clear();
            server.sendIn(workspace, "GET", "/audit?limit=100", null, token)
                    .json()
                    .get("items")
                    .forEach(item -> paths.add(item.get("path").asText()));
            assertThat(paths).hasSizeGreaterThanOrEqualTo(atLeast);
        });
        return paths;
    }

    private static void created(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }
}
