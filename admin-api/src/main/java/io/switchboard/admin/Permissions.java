package io.switchboard.admin;

import io.switchboard.runtime.access.WorkspaceRole;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may call which admin route: one rule per method and path of the router, the table the README
 * shows. A route without a rule is refused to everyone but the workspace's owners, and
 * {@code PermissionsTest} fails for it, so a new route cannot go out without a decision.
 */
final class Permissions {
    /** What a caller must be. */
    enum Need {
        /** Anyone, before login (login, refresh, accepting an invitation as a new user, workflow hooks). */
        PUBLIC(null),
        /** Any logged-in user; no workspace involved. */
        SIGNED_IN(null),
        VIEWER(WorkspaceRole.VIEWER),
        EDITOR(WorkspaceRole.EDITOR),
        ADMIN(WorkspaceRole.ADMIN),
        OWNER(WorkspaceRole.OWNER),
        /** An admin or owner of the default workspace: the installation (identities, OIDC providers). */
        INSTALLATION_ADMIN(WorkspaceRole.ADMIN),
        /**
         * Changing a keyword list: an editor of the workspace (the guard checks that much), and the route
         * checks the rest by the list: an app's own list needs the app in that workspace, a shared list
         * (the installation's) an admin or owner of the default workspace.
         */
        KEYWORD_LIST_EDITOR(WorkspaceRole.EDITOR);

        final WorkspaceRole role;

        Need(WorkspaceRole role) {
            this.role = role;
        }

        boolean scoped() {
            return role != null;
        }
    }

    record Rule(HttpMethod method, String path, Need need, Pattern pattern, int literals) {
        boolean matches(HttpMethod requested, String requestedPath) {
            return method.equals(requested) && pattern.matcher(requestedPath).matches();
        }
    }

    /** For routes that have no rule (a bug caught by the test): the strictest workspace rule. */
    static final Need UNLISTED = Need.OWNER;

    private static final List<Rule> RULES = new ArrayList<>();

    static {
        // Before login.
        rule("POST", "/auth/login", Need.PUBLIC);
        rule("POST", "/auth/refresh", Need.PUBLIC);
        rule("POST", "/auth/invites/accept", Need.PUBLIC);
        rule("POST", WorkflowRunRoutes.HOOK_PATH + ":triggerId/:secret", Need.PUBLIC);
        rule("GET", "/auth/methods", Need.PUBLIC);
        rule("POST", "/auth/sms/send", Need.PUBLIC);
        rule("POST", "/auth/sms/login", Need.PUBLIC);
        rule("POST", "/auth/external/start", Need.PUBLIC);
        rule("GET", "/auth/external/callback", Need.PUBLIC);
        rule("POST", "/auth/exchange", Need.PUBLIC);
        // The caller's own account and workspaces.
        rule("POST", "/auth/password", Need.SIGNED_IN);
        rule("POST", "/auth/logout", Need.SIGNED_IN);
        rule("GET", "/auth/totp", Need.SIGNED_IN);
        rule("POST", "/auth/totp", Need.SIGNED_IN);
        rule("POST", "/auth/totp/confirm", Need.SIGNED_IN);
        rule("POST", "/auth/totp/recovery-codes", Need.SIGNED_IN);
        rule("POST", "/auth/totp/disable", Need.SIGNED_IN);
        rule("GET", "/auth/identities", Need.SIGNED_IN);
        rule("POST", "/auth/identities/phone/send", Need.SIGNED_IN);
        rule("POST", "/auth/identities/phone", Need.SIGNED_IN);
        rule("POST", "/auth/identities/external/start", Need.SIGNED_IN);
        rule("DELETE", "/auth/identities/:provider/:subject", Need.SIGNED_IN);
        rule("GET", "/workspaces", Need.SIGNED_IN);
        rule("POST", "/workspaces", Need.SIGNED_IN);
        rule("POST", "/invites/accept", Need.SIGNED_IN);
        // The installation.
        rule("GET", "/audit", Need.ADMIN);
        rule("GET", "/audit.csv", Need.ADMIN);
        // Other admins' ways in (phone numbers, WeChat/WeCom/OIDC accounts).
        rule("GET", "/identities", Need.INSTALLATION_ADMIN);
        rule("POST", "/identities", Need.INSTALLATION_ADMIN);
        rule("DELETE", "/identities/:provider/:subject", Need.INSTALLATION_ADMIN);
        // OIDC single sign-on providers: how anyone logs in to the installation.
        rule("GET", "/oidc-providers", Need.INSTALLATION_ADMIN);
        rule("POST", "/oidc-providers", Need.INSTALLATION_ADMIN);
        rule("GET", "/oidc-providers/:providerId", Need.INSTALLATION_ADMIN);
        rule("PUT", "/oidc-providers/:providerId", Need.INSTALLATION_ADMIN);
        rule("DELETE", "/oidc-providers/:providerId", Need.INSTALLATION_ADMIN);
        rule("POST", "/oidc-providers/:providerId/discovery", Need.INSTALLATION_ADMIN);
        // A workspace and its members.
        rule("GET", "/workspaces/:workspaceId", Need.VIEWER);
        rule("PATCH", "/workspaces/:workspaceId", Need.OWNER);
        rule("GET", "/workspaces/:workspaceId/members", Need.VIEWER);
        rule("GET", "/workspaces/:workspaceId/members/:username", Need.VIEWER);
        rule("PUT", "/workspaces/:workspaceId/members/:username", Need.ADMIN);
        rule("DELETE", "/workspaces/:workspaceId/members/:username", Need.ADMIN);
        rule("GET", "/workspaces/:workspaceId/invites", Need.ADMIN);
        rule("POST", "/workspaces/:workspaceId/invites", Need.ADMIN);
        rule("GET", "/workspaces/:workspaceId/invites/:inviteId", Need.ADMIN);
        rule("DELETE", "/workspaces/:workspaceId/invites/:inviteId", Need.ADMIN);
        // Apps.
        rule("GET", "/apps", Need.VIEWER);
        rule("GET", "/app-templates", Need.VIEWER);
        rule("POST", "/apps/from-template", Need.EDITOR);
        rule("POST", "/apps/import", Need.EDITOR);
        rule("GET", "/apps/:id/export", Need.EDITOR);
        rule("POST", "/apps", Need.EDITOR);
        rule("GET", "/apps/:id", Need.VIEWER);
        rule("PUT", "/apps/:id/draft", Need.EDITOR);
        rule("PATCH", "/apps/:id/draft", Need.EDITOR);
        rule("DELETE", "/apps/:id", Need.EDITOR);
        rule("POST", "/apps/:id/publish", Need.EDITOR);
        rule("GET", "/apps/:id/versions", Need.VIEWER);
        rule("GET", "/apps/:id/versions/:version", Need.VIEWER);
        rule("POST", "/apps/:id/rollback", Need.EDITOR);
        rule("GET", "/apps/:id/knowledge", Need.VIEWER);
        rule("PUT", "/apps/:id/knowledge", Need.EDITOR);
        rule("DELETE", "/apps/:id/knowledge", Need.EDITOR);
        rule("POST", "/apps/:id/debug/messages", Need.EDITOR);
        // What apps did: logs, summaries, analytics, usage.
        rule("GET", "/apps/:id/logs", Need.VIEWER);
        rule("POST", "/apps/:id/logs/:turnId/annotation", Need.EDITOR);
        rule("GET", "/apps/:id/conversations/:conversationId/summary", Need.VIEWER);
        rule("DELETE", "/apps/:id/conversations/:conversationId/summary", Need.EDITOR);
        rule("GET", "/apps/:id/analytics", Need.VIEWER);
        rule("GET", "/apps/:id/usage", Need.VIEWER);
        rule("GET", "/apps/:id/moderation/hits", Need.VIEWER);
        // Developer-API keys and channel accounts: credentials, so admins.
        rule("GET", "/apps/:id/keys", Need.ADMIN);
        rule("POST", "/apps/:id/keys", Need.ADMIN);
        rule("PATCH", "/apps/:id/keys/:keyId", Need.ADMIN);
        rule("DELETE", "/apps/:id/keys/:keyId", Need.ADMIN);
        rule("GET", "/apps/:id/channels", Need.VIEWER);
        rule("POST", "/apps/:id/channels", Need.ADMIN);
        rule("GET", "/apps/:id/channels/:bindingId", Need.VIEWER);
        rule("PUT", "/apps/:id/channels/:bindingId", Need.ADMIN);
        rule("DELETE", "/apps/:id/channels/:bindingId", Need.ADMIN);
        rule("GET", "/apps/:id/channels/:bindingId/status", Need.VIEWER);
        rule("POST", "/apps/:id/channels/logins", Need.ADMIN);
        rule("GET", "/apps/:id/channels/logins/:loginId", Need.ADMIN);
        // Model providers: keys, so admins change them; editors list models for the app editor.
        rule("GET", "/providers", Need.VIEWER);
        rule("POST", "/providers", Need.ADMIN);
        rule("GET", "/providers/:id", Need.VIEWER);
        rule("PUT", "/providers/:id", Need.ADMIN);
        rule("DELETE", "/providers/:id", Need.ADMIN);
        rule("GET", "/providers/:id/models", Need.EDITOR);
        // Knowledge.
        rule("GET", "/knowledge-bases", Need.VIEWER);
        rule("POST", "/knowledge-bases", Need.EDITOR);
        rule("GET", "/knowledge-bases/:kbId", Need.VIEWER);
        rule("PUT", "/knowledge-bases/:kbId", Need.EDITOR);
        rule("DELETE", "/knowledge-bases/:kbId", Need.EDITOR);
        rule("GET", "/knowledge-bases/:kbId/documents", Need.VIEWER);
        rule("POST", "/knowledge-bases/:kbId/documents", Need.EDITOR);
        rule("POST", "/knowledge-bases/:kbId/crawl", Need.EDITOR);
        rule("POST", "/knowledge-bases/:kbId/hit-test", Need.VIEWER);
        rule("GET", "/knowledge-documents/:docId", Need.VIEWER);
        rule("DELETE", "/knowledge-documents/:docId", Need.EDITOR);
        rule("POST", "/knowledge-documents/:docId/reindex", Need.EDITOR);
        rule("PUT", "/knowledge-documents/:docId/enabled", Need.EDITOR);
        rule("GET", "/knowledge-documents/:docId/chunks", Need.VIEWER);
        rule("PUT", "/knowledge-chunks/:chunkId", Need.EDITOR);
        rule("PUT", "/knowledge-chunks/:chunkId/enabled", Need.EDITOR);
        // Moderation keyword lists: an app's own follow the app's workspace (editors change them), shared
        // ones are the installation's (members read them, admins of `default` change them).
        rule("GET", "/moderation/lists", Need.VIEWER);
        rule("POST", "/moderation/lists", Need.KEYWORD_LIST_EDITOR);
        rule("GET", "/moderation/lists/:listId", Need.VIEWER);
        rule("PATCH", "/moderation/lists/:listId", Need.KEYWORD_LIST_EDITOR);
        rule("DELETE", "/moderation/lists/:listId", Need.KEYWORD_LIST_EDITOR);
        rule("GET", "/moderation/lists/:listId/words", Need.VIEWER);
        rule("POST", "/moderation/lists/:listId/words", Need.KEYWORD_LIST_EDITOR);
        rule("POST", "/moderation/lists/:listId/words/remove", Need.KEYWORD_LIST_EDITOR);
        rule("POST", "/moderation/lists/:listId/import", Need.KEYWORD_LIST_EDITOR);
        // Tools.
        rule("GET", "/tools", Need.VIEWER);
        rule("POST", "/tools/openapi", Need.EDITOR);
        rule("POST", "/tools/mcp", Need.EDITOR);
        rule("DELETE", "/tools/providers/:id", Need.EDITOR);
        rule("POST", "/tools/providers/:id/tools/:tool/test", Need.EDITOR);
        // Workflows.
        rule("POST", "/workflows/import/dify", Need.EDITOR);
        rule("GET", "/workflows", Need.VIEWER);
        rule("POST", "/workflows", Need.EDITOR);
        rule("GET", "/workflows/:id", Need.VIEWER);
        rule("PUT", "/workflows/:id", Need.EDITOR);
        rule("DELETE", "/workflows/:id", Need.EDITOR);
        rule("POST", "/workflows/:id/validate", Need.VIEWER);
        rule("POST", "/workflows/:id/publish", Need.EDITOR);
        rule("GET", "/workflows/:id/versions/:version", Need.VIEWER);
        rule("POST", "/workflows/:id/debug-run", Need.EDITOR);
        rule("GET", "/workflows/:id/runs", Need.VIEWER);
        rule("GET", "/workflows/:id/runs/:runId", Need.VIEWER);
        rule("GET", "/workflows/:id/paused", Need.VIEWER);
        rule("POST", "/workflows/:id/runs/:runId/decision", Need.EDITOR);
        rule("GET", "/workflows/:id/triggers", Need.EDITOR);
        rule("POST", "/workflows/:id/triggers", Need.EDITOR);
        rule("DELETE", "/workflows/:id/triggers/:triggerId", Need.EDITOR);
    }

    private Permissions() {}

    private static void rule(String method, String path, Need need) {
        StringBuilder regex = new StringBuilder();
        int literals = 0;
        for (String segment : path.substring(1).split("/", -1)) {
            regex.append('/');
            if (segment.startsWith(":")) {
                regex.append("[^/]+");
            } else {
                regex.append(Pattern.quote(segment));
                literals++;
            }
        }
        RULES.add(new Rule(HttpMethod.valueOf(method), path, need, Pattern.compile(regex.toString()), literals));
    }

    /** Every rule, in the order of the table. */
    static List<Rule> rules() {
        return List.copyOf(RULES);
    }

    /** The rule of the route with exactly this method and declared path, if any (for the test). */
    static Optional<Rule> declared(HttpMethod method, String path) {
        return RULES.stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .findFirst();
    }

    /**
     * The methods of the most literal path template matching this path (below the mount point), GET with
     * HEAD, in the order of the table; empty when no route has the path. For the {@code Allow} header of a
     * 405. A path two templates match belongs to the more literal one, compared segment by segment from the
     * left, as in OpenAPI: {@code DELETE /auth/identities/external/start} is a method the literal path
     * {@code /auth/identities/external/start} does not take, not an unlink of provider "external".
     */
    static java.util.Set<String> methods(String path) {
        String best = null;
        for (Rule rule : RULES) {
            if (rule.pattern().matcher(path).matches() && (best == null || moreLiteral(rule.path(), best))) {
                best = rule.path();
            }
        }
        java.util.Set<String> methods = new java.util.LinkedHashSet<>();
        for (Rule rule : RULES) {
            if (rule.path().equals(best)) {
                methods.add(rule.method().name());
                if (rule.method().equals(HttpMethod.GET)) {
                    methods.add("HEAD");
                }
            }
        }
        return methods;
    }

    /** True when template {@code a} has a literal segment where {@code b} has a parameter, first from the left. */
    private static boolean moreLiteral(String a, String b) {
        String[] left = a.split("/", -1);
        String[] right = b.split("/", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            boolean leftParameter = left[i].startsWith(":");
            boolean rightParameter = right[i].startsWith(":");
            if (leftParameter != rightParameter) {
                return rightParameter;
            }
        }
        return false;
    }

    /**
     * The rule for a request (path below the mount point); HEAD is checked as GET. When several rules
     * match ({@code /apps/:id/channels/logins/:loginId} and {@code /apps/:id/channels/:bindingId/status}),
     * the one with more literal segments wins, as the router's more specific route would.
     */
    static Optional<Rule> match(HttpMethod method, String path) {
        HttpMethod effective = method.equals(HttpMethod.HEAD) ? HttpMethod.GET : method;
        return RULES.stream().filter(r -> r.matches(effective, path)).max(Comparator.comparingInt(Rule::literals));
    }
}
