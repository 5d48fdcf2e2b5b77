package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceRole;
import io.switchboard.runtime.access.WorkspaceStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who changes which keyword list, route by route: an app's own list follows the app's workspace (its
 * editors change it, its viewers may not, and for other workspaces it does not exist, even for an admin
 * of {@code default}); a shared list stays the installation's (an admin of {@code default} changes it, an
 * editor gets 403). Two workspaces: {@code default} with an app, and {@code team-b} with another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeywordListPermissionsTest {
    private static final String TEAM = "team-b";

    private AdminApiServer server;
    private String owner;
    private String admin;
    private String editor;
    private String viewer;
    private String teamEditor;
    private String teamOwner;
    private final AtomicInteger ids = new AtomicInteger();

    /** A route that changes one list: method, path below the list, a body that succeeds, its status. */
    private record Change(String method, String suffix, String body, int ok) {
        @Override
        public String toString() {
            return method + " /moderation/lists/{listId}" + suffix;
        }
    }

    private static final List<Change> CHANGES = List.of(
            new Change("PATCH", "", "{\"name\":\"Renamed\"}", 200),
            new Change("POST", "/words", "{\"words\":[\"forbidden-word\"]}", 200),
            new Change("POST", "/words/remove", "{\"words\":[\"seed\"]}", 200),
            new Change("POST", "/import", "{\"text\":\"one\\ntwo\\n\",\"replace\":false}", 200),
            new Change("DELETE", "", null, 204));

    @BeforeAll
    void start(@TempDir Path dir) {
        server = AdminApiServer.start(dir);
        owner = server.login();
        WorkspaceStore workspaces = server.database.workspaces();
        admin = member(workspaces, Workspace.DEFAULT_ID, "kl-admin", WorkspaceRole.ADMIN);
        editor = member(workspaces, Workspace.DEFAULT_ID, "kl-editor", WorkspaceRole.EDITOR);
        viewer = member(workspaces, Workspace.DEFAULT_ID, "kl-viewer", WorkspaceRole.VIEWER);
        teamOwner = server.userToken("kl-bea");
        workspaces.create(new Workspace(TEAM, "Team B", Instant.now()), "kl-bea");
        teamEditor = member(workspaces, TEAM, "kl-teddy", WorkspaceRole.EDITOR);
        expect(201, server.send("POST", "/apps", Samples.app("home-app", "Home", null), owner));
        expect(201, server.sendIn(TEAM, "POST", "/apps", Samples.app("team-app", "Team", null), teamOwner));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void should_let_an_editor_of_the_apps_workspace_create_its_list_and_nobody_outside_it() {
        expect(201, create(Workspace.DEFAULT_ID, editor, "home-app"));
        expect(201, create(TEAM, teamEditor, "team-app"));
        expectForbidden(create(Workspace.DEFAULT_ID, viewer, "home-app"));
        // Another workspace's app does not exist for them: not for its editors, not for an admin of default.
        expectMissing(create(TEAM, teamEditor, "home-app"), "app 'home-app'");
        expectMissing(create(Workspace.DEFAULT_ID, admin, "team-app"), "app 'team-app'");
        expectMissing(create(Workspace.DEFAULT_ID, owner, "team-app"), "app 'team-app'");
    }

    @Test
    void should_keep_creating_a_shared_list_to_admins_of_default() {
        expectForbidden(create(Workspace.DEFAULT_ID, editor, null));
        expectForbidden(create(TEAM, teamOwner, null));
        expectForbidden(create(TEAM, teamEditor, null));
        expect(201, create(Workspace.DEFAULT_ID, admin, null));
        expect(201, create(Workspace.DEFAULT_ID, owner, null));
    }

    @Test
    void should_let_editors_of_the_apps_workspace_change_its_list_on_every_route() {
        List<String> wrong = new ArrayList<>();
        for (Change change : CHANGES) {
            String home = list("home-app");
            check(wrong, change, home, Workspace.DEFAULT_ID, viewer, 403);
            check(wrong, change, home, TEAM, teamEditor, 404);
            check(wrong, change, home, TEAM, teamOwner, 404);
            check(wrong, change, home, Workspace.DEFAULT_ID, editor, change.ok());

            String team = list("team-app");
            check(wrong, change, team, Workspace.DEFAULT_ID, admin, 404);
            check(wrong, change, team, Workspace.DEFAULT_ID, owner, 404);
            check(wrong, change, team, TEAM, teamEditor, change.ok());
        }
        assertThat(wrong).as("answers on an app's own list").isEmpty();
    }

    @Test
    void should_keep_changing_a_shared_list_to_admins_of_default_on_every_route() {
        List<String> wrong = new ArrayList<>();
        for (Change change : CHANGES) {
            String shared = list(null);
            check(wrong, change, shared, Workspace.DEFAULT_ID, viewer, 403);
            check(wrong, change, shared, Workspace.DEFAULT_ID, editor, 403);
            check(wrong, change, shared, TEAM, teamOwner, 403);
            check(wrong, change, shared, Workspace.DEFAULT_ID, admin, change.ok());
        }
        assertThat(wrong).as("answers on a shared list").isEmpty();
        // Reading a shared list stays open to every member, of any workspace.
        String shared = list(null);
        expect(200, server.sendIn(TEAM, "GET", "/moderation/lists/" + shared, null, teamEditor));
        expect(200, server.sendIn(Workspace.DEFAULT_ID, "GET", "/moderation/lists/" + shared + "/words", null, viewer));
    }

    @Test
    void should_name_the_role_a_shared_list_needs_in_the_403() {
        Reply refused = server.sendIn(
                Workspace.DEFAULT_ID,
                "POST",
                "/moderation/lists/" + list(null) + "/words",
                "{\"words\":[\"x1\"]}",
                editor);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("forbidden");
        assertThat(refused.json().at("/error/message").asText())
                .contains("shared keyword list")
                .contains("admin or above in workspace 'default'");
    }

    private void check(List<String> wrong, Change change, String listId, String workspace, String token, int want) {
        Reply reply = server.sendIn(
                workspace, change.method(), "/moderation/lists/" + listId + change.suffix(), change.body(), token);
        boolean right = reply.status() == want
                && (want != 403 || reply.body().contains("\"forbidden\""))
                && (want != 404 || !reply.body().contains("no workspace"));
        if (!right) {
            wrong.add(change + " on " + listId + " in " + workspace + " -> " + reply.status() + " " + reply.body()
                    + " (wanted " + want + ")");
        }
    }

    /** A fresh list (of the app, or shared) holding the word "seed", made by someone allowed to. */
    private String list(String appId) {
        String id = "kl-" + ids.incrementAndGet();
        boolean team = "team-app".equals(appId);
        String workspace = team ? TEAM : Workspace.DEFAULT_ID;
        String token = team ? teamOwner : owner;
        String app = appId == null ? "" : ",\"appId\":\"" + appId + "\"";
        expect(
                201,
                server.sendIn(
                        workspace,
                        "POST",
                        "/moderation/lists",
                        "{\"id\":\"" + id + "\",\"name\":\"L\"" + app + "}",
                        token));
        expect(
                200,
                server.sendIn(
                        workspace, "POST", "/moderation/lists/" + id + "/words", "{\"words\":[\"seed\"]}", token));
        return id;
    }

    private Reply create(String workspace, String token, String appId) {
        String app = appId == null ? "" : ",\"appId\":\"" + appId + "\"";
        return server.sendIn(
                workspace,
                "POST",
                "/moderation/lists",
                "{\"id\":\"kl-" + ids.incrementAndGet() + "\",\"name\":\"New\"" + app + "}",
                token);
    }

    private String member(WorkspaceStore workspaces, String workspace, String username, WorkspaceRole role) {
        String token = server.userToken(username);
        workspaces.putMember(workspace, username, role);
        return token;
    }

    private static void expectForbidden(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertThat(reply.body()).contains("\"forbidden\"");
    }

    private static void expectMissing(Reply reply, String what) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(404);
        assertThat(reply.body()).contains(what).doesNotContain("team-b");
    }

    private static Reply expect(int status, Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        return reply;
    }
}
