package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workspaces over HTTP: isolation with real resources, invitations, roles, the last owner, the audit. */
class WorkspaceRoutesTest {
    @TempDir
    Path dir;

    AdminApiServer server;
    String owner;

    @BeforeEach
    void start() {
        server = AdminApiServer.start(dir);
        owner = server.login();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_keep_each_workspaces_resources_to_itself() {
        String bea = server.userToken("bea");
        Reply created = server.send("POST", "/workspaces", "{\"id\":\"team-b\",\"name\":\"Team B\"}", bea);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("role").asText()).isEqualTo("owner");
        assertThat(server.send("POST", "/workspaces", "{\"id\":\"team-b\",\"name\":\"again\"}", owner)
                        .status())
                .isEqualTo(409);
        assertThat(server.send("POST", "/providers", Samples.provider("a-model"), owner)
                        .status())
                .isEqualTo(201);
        assertThat(server.send("POST", "/apps", Samples.app("a-app", "A", "a-model"), owner)
                        .status())
                .isEqualTo(201);
        assertThat(server.sendIn("team-b", "POST", "/providers", Samples.provider("b-model"), bea)
                        .status())
                .isEqualTo(201);
        Reply bApp = server.sendIn("team-b", "POST", "/apps", Samples.app("b-app", "B", "b-model"), bea);
        assertThat(bApp.status()).as(bApp.body()).isEqualTo(201);

        assertThat(ids(server.send("GET", "/apps", null, owner))).containsExactly("a-app");
        assertThat(ids(server.sendIn("team-b", "GET", "/apps", null, bea))).containsExactly("b-app");
        assertThat(server.send("GET", "/providers", null, owner).body())
                .contains("a-model")
                .doesNotContain("b-model");
        Reply foreign = server.send("GET", "/apps/b-app", null, owner);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().at("/error/message").asText()).isEqualTo("app 'b-app' does not exist");
        assertThat(server.send("DELETE", "/apps/b-app", null, owner).status()).isEqualTo(404);
        assertThat(server.sendIn("team-b", "GET", "/apps/b-app", null, bea).status())
                .isEqualTo(200);
        assertThat(server.send("GET", "/apps", null, bea).status())
                .as("bea is no member of the default workspace")
                .isEqualTo(404);
        Reply borrowed = server.sendIn("team-b", "POST", "/apps", Samples.app("b-two", "B2", "a-model"), bea);
        assertThat(borrowed.status()).as("a provider of another workspace").isEqualTo(400);
        assertThat(borrowed.json().at("/error/message").asText()).contains("model.providerId 'a-model'");
        assertThat(server.sendIn("team-b", "GET", "/apps/b-two", null, bea).status())
                .isEqualTo(404);
        String borrowingFlow = "{\"name\":\"Borrow\",\"graph\":{\"nodes\":["
                + "{\"id\":\"start\",\"type\":\"start\",\"config\":{\"inputs\":[]}},"
                + "{\"id\":\"llm\",\"type\":\"llm\",\"config\":{\"provider\":\"%s\",\"model\":\"m\","
                + "\"prompt\":\"hi\"}},"
                + "{\"id\":\"end\",\"type\":\"end\",\"config\":{\"outputs\":[]}}],"
                + "\"edges\":[{\"from\":\"start\",\"to\":\"llm\"},{\"from\":\"llm\",\"to\":\"end\"}]}}";
        Reply flow = server.sendIn("team-b", "POST", "/workflows", borrowingFlow.formatted("a-model"), bea);
        assertThat(flow.status())
                .as("a workflow node with another workspace's provider")
                .isEqualTo(400);
        assertThat(flow.json().at("/error/message").asText()).contains("nodes[llm].provider 'a-model'");
        Reply own = server.sendIn("team-b", "POST", "/workflows", borrowingFlow.formatted("b-model"), bea);
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        assertThat(server.send("GET", "/workflows/" + own.json().get("id").asText(), null, owner)
                        .status())
                .isEqualTo(404);
        assertThat(server.send("GET", "/workflows", null, owner).body()).doesNotContain("Borrow");
        Reply builtin = server.sendIn(
                "team-b",
                "POST",
                "/tools/providers/builtin/tools/calculator/test",
                "{\"arguments\":{\"expression\":\"6 * 7\"}}",
                bea);
        assertThat(builtin.status())
                .as("built-in tools serve every workspace: " + builtin.body())
                .isEqualTo(200);
        assertThat(server.sendIn("team-b", "GET", "/tools", null, bea).body()).contains("calculator");
        Reply workspaces = server.send("GET", "/workspaces", null, owner);
        assertThat(workspaces.json().get("items").findValuesAsText("id")).containsExactly(Workspace.DEFAULT_ID);
        assertThat(server.sendIn("no such!", "GET", "/apps", null, owner).status())
                .isEqualTo(400);
    }

    @Test
    void should_invite_by_user_name_and_by_email_and_let_roles_apply_at_once() {
        String ivan = server.userToken("ivan");
        assertThat(server.send("GET", "/apps", null, ivan).status()).isEqualTo(404);
        Reply invite = server.send(
                "POST", "/workspaces/default/invites", "{\"username\":\"ivan\",\"role\":\"editor\"}", owner);
        assertThat(invite.status()).as(invite.body()).isEqualTo(201);
        String token = invite.json().get("token").asText();
        assertThat(server.send("GET", "/workspaces/default/invites", null, owner)
                        .body())
                .contains("ivan")
                .doesNotContain(token);

        String mallory = server.userToken("mallory");
        assertThat(server.send("POST", "/invites/accept", "{\"token\":\"" + token + "\"}", mallory)
                        .status())
                .as("an invitation to a user name is only that user's")
                .isEqualTo(404);
        Reply accepted = server.send("POST", "/invites/accept", "{\"token\":\"" + token + "\"}", ivan);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().at("/workspace/role").asText()).isEqualTo("editor");
        assertThat(server.send("POST", "/invites/accept", "{\"token\":\"" + token + "\"}", ivan)
                        .status())
                .as("used once")
                .isEqualTo(404);
        assertThat(server.send("POST", "/apps", Samples.app("ivans", "Ivan's", null), ivan)
                        .status())
                .isEqualTo(201);
        assertThat(server.send("POST", "/providers", Samples.provider("p"), ivan)
                        .status())
                .isEqualTo(403);

        Reply byMail = server.send(
                "POST", "/workspaces/default/invites", "{\"email\":\"wendy@example.com\",\"role\":\"viewer\"}", owner);
        String mailToken = byMail.json().get("token").asText();
        Reply weak = server.send(
                "POST",
                "/auth/invites/accept",
                "{\"token\":\"" + mailToken + "\",\"username\":\"wendy\",\"password\":\"short\"}",
                null);
        assertThat(weak.status()).isEqualTo(400);
        Reply signUp = server.send(
                "POST",
                "/auth/invites/accept",
                "{\"token\":\"" + mailToken + "\",\"username\":\"wendy\",\"password\":\"wendys long password\"}",
                null);
        assertThat(signUp.status()).as(signUp.body()).isEqualTo(200);
        String wendy = signUp.json().get("token").asText();
        assertThat(server.send("GET", "/apps", null, wendy).status()).isEqualTo(200);
        assertThat(server.send("DELETE", "/apps/ivans", null, wendy).status()).isEqualTo(403);

        assertThat(server.send("PUT", "/workspaces/default/members/wendy", "{\"role\":\"editor\"}", owner)
                        .status())
                .isEqualTo(200);
        assertThat(server.send("DELETE", "/apps/ivans", null, wendy).status()).isEqualTo(204);
        assertThat(server.send("DELETE", "/workspaces/default/members/wendy", null, owner)
                        .status())
                .isEqualTo(204);
        assertThat(server.send("GET", "/apps", null, wendy).status())
                .as("removed: at once, with the same token")
                .isEqualTo(404);
        assertThat(members()).containsExactly("admin:owner", "ivan:editor");

        Reply withdrawn = server.send(
                "POST", "/workspaces/default/invites", "{\"email\":\"x@example.com\",\"role\":\"viewer\"}", owner);
        String id = withdrawn.json().get("id").asText();
        assertThat(server.send("DELETE", "/workspaces/default/invites/" + id, null, owner)
                        .status())
                .isEqualTo(204);
        assertThat(server.send(
                                "POST",
                                "/auth/invites/accept",
                                "{\"token\":\"" + withdrawn.json().get("token").asText()
                                        + "\",\"username\":\"x\",\"password\":\"a long enough password\"}",
                                null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void should_never_remove_or_demote_the_last_owner_and_keep_owners_to_owners() {
        Reply lastDemoted = server.send("PUT", "/workspaces/default/members/admin", "{\"role\":\"admin\"}", owner);
        assertThat(lastDemoted.status()).isEqualTo(409);
        assertThat(lastDemoted.json().at("/error/code").asText()).isEqualTo("last_owner");
        assertThat(server.send("DELETE", "/workspaces/default/members/admin", null, owner)
                        .status())
                .isEqualTo(409);

        server.database.workspaces().putMember(Workspace.DEFAULT_ID, "adam", WorkspaceRole.ADMIN);
        String adam = server.userToken("adam");
        assertThat(server.send("PUT", "/workspaces/default/members/admin", "{\"role\":\"viewer\"}", adam)
                        .status())
                .as("an admin may not touch an owner")
                .isEqualTo(403);
        assertThat(server.send("PUT", "/workspaces/default/members/adam", "{\"role\":\"owner\"}", adam)
                        .status())
                .as("nor make anyone owner")
                .isEqualTo(403);
        assertThat(server.send("POST", "/workspaces/default/invites", "{\"username\":\"z\",\"role\":\"owner\"}", adam)
                        .status())
                .isEqualTo(403);
        assertThat(server.send("PATCH", "/workspaces/default", "{\"name\":\"Renamed\"}", adam)
                        .status())
                .isEqualTo(403);

        assertThat(server.send("PUT", "/workspaces/default/members/adam", "{\"role\":\"owner\"}", owner)
                        .status())
                .isEqualTo(200);
        assertThat(server.send("PUT", "/workspaces/default/members/admin", "{\"role\":\"viewer\"}", adam)
                        .status())
                .as("with a second owner, the first may step down")
                .isEqualTo(200);
        assertThat(members()).containsExactly("adam:owner", "admin:viewer");
        assertThat(server.send("DELETE", "/workspaces/default/members/adam", null, adam)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void should_audit_every_change_of_members_and_invitations() {
        server.send("POST", "/workspaces/default/invites", "{\"username\":\"ivan\",\"role\":\"viewer\"}", owner);
        server.database.workspaces().putMember(Workspace.DEFAULT_ID, "eve", WorkspaceRole.VIEWER);
        server.send("PUT", "/workspaces/default/members/eve", "{\"role\":\"editor\"}", owner);
        server.send("DELETE", "/workspaces/default/members/eve", null, owner);
        server.send("POST", "/workspaces", "{\"id\":\"ops\",\"name\":\"Ops\"}", owner);

        List<JsonNode> entries = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            entries.clear();
            server.send("GET", "/audit?resource=workspaces", null, owner)
                    .json()
                    .get("items")
                    .forEach(entries::add);
            assertThat(entries).hasSize(4);
        });
        assertThat(entries)
                .extracting(e -> e.get("action").asText() + " " + e.get("path").asText() + " " + e.get("status"))
                .containsExactly(
                        "create /admin/v1/workspaces 201",
                        "delete /admin/v1/workspaces/default/members/eve 204",
                        "update /admin/v1/workspaces/default/members/eve 200",
                        "invites /admin/v1/workspaces/default/invites 201");
        JsonNode update = entries.get(2);
        assertThat(update.get("before").asText()).contains("\"role\":\"viewer\"");
        assertThat(update.get("after").asText()).contains("\"role\":\"editor\"");
        assertThat(entries.get(3).get("after").asText())
                .as("the invitation's token is masked")
                .contains("\"token\":\"***\"");
    }

    private List<String> members() {
        List<String> out = new ArrayList<>();
        server.send("GET", "/workspaces/default/members", null, owner)
                .json()
                .get("items")
                .forEach(m ->
                        out.add(m.get("username").asText() + ":" + m.get("role").asText()));
        return out;
    }

    private static List<String> ids(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("items").findValuesAsText("id");
    }
}
