package io.switchboard.admin;

import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceRole;
import io.switchboard.runtime.access.WorkspaceStore;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.workflow.WorkflowTools;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Enforces {@link Permissions} on every authenticated admin request. The workspace is named by the
 * {@value #HEADER} header ({@link Workspace#DEFAULT_ID} without it), or by the path for
 * {@code /workspaces/{id}/...}. A caller who is no member of it, and a resource id of another
 * workspace, get 404 as for something that does not exist (not 403: ids of other teams are not
 * confirmed); a member whose role is too low gets 403 naming the role needed.
 */
final class WorkspaceGuard {
    static final String HEADER = "X-Workspace";

    private final WorkspaceStore workspaces;
    private final KnowledgeService knowledge;
    private final VirtualThreads blocking;

    WorkspaceGuard(WorkspaceStore workspaces, KnowledgeService knowledge, VirtualThreads blocking) {
        this.workspaces = workspaces;
        this.knowledge = knowledge;
        this.blocking = blocking;
    }

    void check(RoutingContext ctx) {
        String path = ctx.normalizedPath().substring(AdminApi.MOUNT_PATH.length());
        Permissions.Need need = Permissions.match(ctx.request().method(), path)
                .map(Permissions.Rule::need)
                .orElse(Permissions.UNLISTED);
        if (!need.scoped()) {
            ctx.next();
            return;
        }
        String[] segments = path.substring(1).split("/");
        String workspaceId;
        try {
            workspaceId = workspaceOf(ctx, need, segments);
        } catch (IllegalArgumentException e) {
            ctx.fail(ApiException.badRequest(e.getMessage()));
            return;
        }
        String username = AuthRoutes.subject(ctx);
        blocking.call(() -> {
                    WorkspaceRole role = workspaces
                            .role(workspaceId, username)
                            .orElseThrow(() -> ApiException.notFound("no workspace '" + workspaceId
                                    + "' (or you are not a member of it); GET /admin/v1/workspaces lists yours"));
                    if (!role.atLeast(need.role)) {
                        throw new ApiException(
                                403,
                                "forbidden",
                                "your role in workspace '" + workspaceId + "' is " + role.wireName() + "; "
                                        + ctx.request().method() + " " + path + " needs "
                                        + need.role.wireName() + " or above");
                    }
                    WorkspaceScope scope = new WorkspaceScope(workspaceId, username, role, workspaces);
                    requireOwnResource(scope, segments);
                    return scope;
                })
                .onSuccess(scope -> {
                    ctx.put(WorkspaceScope.KEY, scope);
                    ctx.next();
                })
                .onFailure(ctx::fail);
    }

    private static String workspaceOf(RoutingContext ctx, Permissions.Need need, String[] segments) {
        if (need == Permissions.Need.INSTALLATION_ADMIN) {
            return Workspace.DEFAULT_ID;
        }
        if (segments.length > 1 && segments[0].equals("workspaces")) {
            return Workspace.requireValidId(segments[1]);
        }
        String header = ctx.request().getHeader(HEADER);
        if (header == null || header.isBlank()) {
            return Workspace.DEFAULT_ID;
        }
        try {
            return Workspace.requireValidId(header.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HEADER + ": " + e.getMessage());
        }
    }

    /** The id in the path names a resource of another workspace: 404, worded as the route's own. */
    private void requireOwnResource(WorkspaceScope scope, String[] segments) {
        if (segments.length < 2) {
            return;
        }
        String id = segments[1];
        Optional<Target> target = switch (segments[0]) {
            case "apps" -> Optional.of(new Target(ResourceKind.APP, id, "app '" + id + "' does not exist"));
            case "providers" ->
                Optional.of(new Target(ResourceKind.PROVIDER, id, "provider '" + id + "' does not exist"));
            case "workflows" ->
                id.equals("import")
                        ? Optional.empty()
                        : Optional.of(new Target(ResourceKind.WORKFLOW, id, "workflow '" + id + "' does not exist"));
            case "tools" ->
                segments.length > 2 && id.equals("providers")
                        ? Optional.of(new Target(
                                ResourceKind.TOOL_PROVIDER,
                                segments[2],
                                "custom tool provider '" + segments[2] + "' does not exist"))
                        : Optional.empty();
            case "knowledge-bases" -> Optional.of(knowledgeBase(id, "knowledge base '" + id + "' not found"));
            case "knowledge-documents" ->
                baseOfDocument(id).map(kb -> knowledgeBase(kb, "document '" + id + "' not found"));
            case "knowledge-chunks" -> baseOfChunk(id).map(kb -> knowledgeBase(kb, "chunk '" + id + "' not found"));
            default -> Optional.empty();
        };
        if (target.isPresent() && !owns(scope, target.get(), segments)) {
            throw ApiException.notFound(target.get().notFound());
        }
    }

    /**
     * Built-in tool providers belong to no workspace (every one may test their tools); a published
     * workflow offered as a tool is its workflow's.
     */
    private static boolean owns(WorkspaceScope scope, Target target, String[] segments) {
        if (target.kind() != ResourceKind.TOOL_PROVIDER) {
            return scope.owns(target.kind(), target.id());
        }
        if (target.id().equals(WorkflowTools.PROVIDER_ID) && segments.length > 4) {
            return scope.owns(ResourceKind.WORKFLOW, segments[4]);
        }
        return scope.notElsewhere(ResourceKind.TOOL_PROVIDER).test(target.id());
    }

    private record Target(ResourceKind kind, String id, String notFound) {}

    private static Target knowledgeBase(String id, String notFound) {
        return new Target(ResourceKind.KNOWLEDGE_BASE, id, notFound);
    }

    private Optional<String> baseOfDocument(String documentId) {
        try {
            return Optional.of(knowledge.document(documentId).knowledgeBaseId());
        } catch (NotFoundException e) {
            return Optional.empty(); // the route answers 404 itself
        }
    }

    private Optional<String> baseOfChunk(String chunkId) {
        try {
            return Optional.of(knowledge.chunk(chunkId).knowledgeBaseId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
