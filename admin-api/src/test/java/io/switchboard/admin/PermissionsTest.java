package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.admin.AdminApiServer.Reply;
import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceRole;
import io.switchboard.runtime.access.WorkspaceStore;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route by route, generated from the router: every route has a rule in {@link Permissions}, each role
 * gets exactly what its rule says, non-members get 404, and ids of another workspace are 404.
 */
class PermissionsTest {
    @TempDir
    static Path dir;

    static AdminApiServer server;
    static final Map<WorkspaceRole, String> TOKENS = new EnumMap<>(WorkspaceRole.class);
    static String outsider;
    static String otherTeamDocument;

    @BeforeAll
    static void start() {
        server = AdminApiServer.start(dir);
        WorkspaceStore workspaces = server.database.workspaces();
        TOKENS.put(WorkspaceRole.OWNER, server.login());
        for (var member : Map.of(
                        "vera", WorkspaceRole.VIEWER, "eddie", WorkspaceRole.EDITOR, "adam", WorkspaceRole.ADMIN)
                .entrySet()) {
            workspaces.putMember(Workspace.DEFAULT_ID, member.getKey(), member.getValue());
            TOKENS.put(member.getValue(), server.userToken(member.getKey()));
        }
        outsider = server.userToken("nora");
        // Another team's resources: ids the guard must refuse in the default workspace.
        String bea = server.userToken("bea");
        workspaces.create(new Workspace("team-b", "Team B", Instant.now()), "bea");
        workspaces.assign(ResourceKind.APP, "b-app", "team-b");
        workspaces.assign(ResourceKind.PROVIDER, "b-provider", "team-b");
        workspaces.assign(ResourceKind.WORKFLOW, "b-flow", "team-b");
        workspaces.assign(ResourceKind.TOOL_PROVIDER, "b-tools", "team-b");
        Reply kb = server.sendIn(
                "team-b",
                "POST",
                "/knowledge-bases",
                "{\"name\":\"b\",\"settings\":{\"chunking\":{\"size\":200,\"overlap\":20}}}",
                bea);
        assertThat(kb.status()).as(kb.body()).isEqualTo(201);
        Reply document = server.sendIn(
                "team-b",
                "POST",
                "/knowledge-bases/" + kb.json().get("id").asText() + "/documents",
                "{\"name\":\"b.txt\",\"contentBase64\":\""
                        + Base64.getEncoder().encodeToString("Team B's secret".getBytes()) + "\"}",
                bea);
        assertThat(document.status()).as(document.body()).isEqualTo(202);
        otherTeamDocument = document.json().get("id").asText();
        workspaces.assign(ResourceKind.KNOWLEDGE_BASE, "b-kb", "team-b");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void should_have_a_rule_for_every_route_of_the_router_and_no_rule_without_a_route() {
        Set<String> routed = new HashSet<>();
        List<String> missing = new ArrayList<>();
        for (Route route : server.api.router().getRoutes()) {
            if (route.getPath() == null
                    || route.methods() == null
                    || route.methods().isEmpty()) {
                continue; // path-less routes are the auth, body, guard and failure handlers
            }
            for (HttpMethod method : route.methods()) {
                routed.add(method + " " + route.getPath());
                if (Permissions.declared(method, route.getPath()).isEmpty()) {
                    missing.add(method + " " + route.getPath());
                }
            }
        }
        List<String> stale = Permissions.rules().stream()
                .map(rule -> rule.method() + " " + rule.path())
                .filter(rule -> !routed.contains(rule))
                .toList();

        assertThat(routed).as("routes found on the router").hasSizeGreaterThan(90);
        assertThat(missing).as("routes without a rule in Permissions").isEmpty();
        assertThat(stale).as("rules without a route").isEmpty();
    }

    @Test
    void should_document_every_rule_in_docs_permissions_md_as_enforced() throws Exception {
        Map<String, String> needs = Map.of(
                "anyone (no login)", "PUBLIC",
                "any logged-in user", "SIGNED_IN",
                "viewer", "VIEWER",
                "editor", "EDITOR",
                "admin", "ADMIN",
                "owner", "OWNER",
                "admin of `default`", "INSTALLATION_ADMIN",
                "editor; a shared list: admin of `default`", "KEYWORD_LIST_EDITOR");
        Set<String> documented = new HashSet<>();
        Pattern row = Pattern.compile("\\| (\\w+) \\| `([^`]+)` \\| (.+) \\|");
        for (String line : Files.readAllLines(Path.of("..", "docs", "permissions.md"))) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                documented.add(
                        m.group(1) + " " + m.group(2).replaceAll("\\{(\\w+)}", ":$1") + " " + needs.get(m.group(3)));
            }
        }
        Set<String> enforced = new HashSet<>();
        for (Permissions.Rule rule : Permissions.rules()) {
            enforced.add(rule.method() + " " + rule.path() + " " + rule.need());
        }
        assertThat(documented).as("docs/permissions.md").containsExactlyInAnyOrderElementsOf(enforced);
    }

    @Test
    void should_let_each_role_do_exactly_what_its_rule_says_on_every_route() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Permissions.Rule rule : Permissions.rules()) {
            if (!rule.need().scoped()) {
                continue;
            }
            String path = concrete(rule.path(), Workspace.DEFAULT_ID, false);
            for (WorkspaceRole role : WorkspaceRole.values()) {
                Reply reply = call(Workspace.DEFAULT_ID, rule, path, TOKENS.get(role));
                boolean allowed = role.atLeast(rule.need().role);
                boolean refused = reply.status() == 403 && reply.body().contains("\"forbidden\"");
                if (allowed == refused || reply.body().contains("no workspace")) {
                    wrong.add(role.wireName() + " " + rule.method() + " " + path + " -> " + reply.status() + " "
                            + reply.body());
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(300);
        assertThat(wrong).as("answers that disagree with Permissions").isEmpty();
    }

    @Test
    void should_answer_404_to_a_non_member_on_every_workspace_route() {
        List<String> wrong = new ArrayList<>();
        for (Permissions.Rule rule : Permissions.rules()) {
            if (!rule.need().scoped()) {
                continue;
            }
            // nora belongs to no workspace; vera is no member of team-b.
            Reply none = call(Workspace.DEFAULT_ID, rule, concrete(rule.path(), Workspace.DEFAULT_ID, false), outsider);
            Reply other = rule.need() == Permissions.Need.INSTALLATION_ADMIN
                    ? none
                    : call("team-b", rule, concrete(rule.path(), "team-b", false), TOKENS.get(WorkspaceRole.VIEWER));
            for (Reply reply : List.of(none, other)) {
                if (reply.status() != 404 || !reply.body().contains("no workspace")) {
                    wrong.add(rule.method() + " " + rule.path() + " -> " + reply.status() + " " + reply.body());
                }
            }
        }
        assertThat(wrong).as("non-members who got something else than 404").isEmpty();
    }

    @Test
    void should_answer_404_for_another_workspaces_ids_on_every_route_that_names_one() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Permissions.Rule rule : Permissions.rules()) {
            if (!rule.need().scoped() || !namesResource(rule.path())) {
                continue;
            }
            String path = concrete(rule.path(), Workspace.DEFAULT_ID, true);
            Reply reply = call(Workspace.DEFAULT_ID, rule, path, TOKENS.get(WorkspaceRole.OWNER));
            if (reply.status() != 404
                    || !reply.body().contains("\"not_found\"")
                    || reply.body().contains("team-b")) {
                wrong.add(rule.method() + " " + path + " -> " + reply.status() + " " + reply.body());
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(wrong).as("other workspaces' ids that were not a plain 404").isEmpty();
    }

    private static Reply call(String workspace, Permissions.Rule rule, String path, String token) {
        String method = rule.method().name();
        String body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH") ? "{}" : null;
        return server.sendIn(workspace, method, path, body, token);
    }

    private static boolean namesResource(String path) {
        return (path.startsWith("/apps/") && !path.equals("/apps/import") && !path.equals("/apps/from-template"))
                || path.startsWith("/providers/")
                || path.startsWith("/tools/providers/")
                || path.startsWith("/knowledge-bases/")
                || path.startsWith("/knowledge-documents/")
                || (path.startsWith("/workflows/") && !path.startsWith("/workflows/import"));
    }

    /** The rule's path with its parameters filled in: ids that do not exist, or those of team-b. */
    private static String concrete(String template, String workspace, boolean otherTeam) {
        StringBuilder out = new StringBuilder();
        String[] segments = template.substring(1).split("/");
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            out.append('/');
            if (!segment.startsWith(":")) {
                out.append(segment);
                continue;
            }
            String parent = segments[0];
            out.append(
                    switch (segment) {
                        case ":workspaceId" -> workspace;
                        case ":id" ->
                            switch (parent) {
                                case "apps" -> otherTeam ? "b-app" : "missing-app";
                                case "providers" -> otherTeam ? "b-provider" : "missing-provider";
                                case "workflows" -> otherTeam ? "b-flow" : "missing-flow";
                                case "tools" -> otherTeam ? "b-tools" : "missing-tools";
                                default -> "missing";
                            };
                        case ":kbId" -> otherTeam ? "b-kb" : "missing-kb";
                        case ":docId" -> otherTeam ? otherTeamDocument : "missing-doc";
                        case ":version" -> "1";
                        case ":username" -> "nobody";
                        default -> "missing-" + segment.substring(1).toLowerCase();
                    });
        }
        return out.toString();
    }
}
