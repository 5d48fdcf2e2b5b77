package io.switchboard.admin;

import io.switchboard.admin.access.SessionService;
import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.AdminUserStore;
import io.switchboard.runtime.access.PasswordHasher;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceInvite;
import io.switchboard.runtime.access.WorkspaceMember;
import io.switchboard.runtime.access.WorkspaceRole;
import io.switchboard.runtime.access.WorkspaceStore;
import io.switchboard.runtime.audit.AuditEntry;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Workspaces, their members and invitations. Members join only through an invitation: by user name (an
 * existing account accepts it at {@code POST /invites/accept}) or by e-mail address (the invitee opens
 * an account with it at {@code POST /auth/invites/accept}). The token is shown once, to the inviter, who
 * passes it on; only its hash is stored. A workspace always keeps an owner.
 */
final class WorkspaceRoutes {
    static final Duration INVITE_TTL = Duration.ofDays(7);
    private static final Pattern EMAIL =
            Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s.]{1,63}", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NO_INVITE = "no pending invitation for this token (used, withdrawn or expired)";

    record CreateWorkspace(String id, String name) {
        CreateWorkspace {
            Workspace.requireValidId(id);
            new Workspace(id, name, Instant.EPOCH);
        }
    }

    record Rename(String name) {
        Rename {
            new Workspace(Workspace.DEFAULT_ID, name, Instant.EPOCH);
        }
    }

    record WorkspaceView(String id, String name, WorkspaceRole role, Instant createdAt) {}

    record MemberView(String username, WorkspaceRole role, Instant addedAt) {
        static MemberView of(WorkspaceMember member) {
            return new MemberView(member.username(), member.role(), member.addedAt());
        }
    }

    record RoleChange(WorkspaceRole role) {
        RoleChange {
            if (role == null) {
                throw new IllegalArgumentException("role is required: owner, admin, editor or viewer");
            }
        }
    }

    record CreateInvite(String username, String email, WorkspaceRole role) {
        CreateInvite {
            if ((username == null) == (email == null)) {
                throw new IllegalArgumentException("name exactly one of username and email");
            }
            if (username != null && !USERNAME.matcher(username).matches()) {
                throw new IllegalArgumentException(
                        "username must be 1 to 100 letters, digits, dots, dashes, underscores or @");
            }
            if (email != null
                    && (email.codePointCount(0, email.length()) > 320
                            || !EMAIL.matcher(email).matches())) {
                throw new IllegalArgumentException("email must be an address such as ana@example.com");
            }
            if (role == null) {
                throw new IllegalArgumentException("role is required: owner, admin, editor or viewer");
            }
        }
    }

    /** An invitation as listed; {@code token} only in the answer that created it. */
    record InviteView(
            String id,
            String workspaceId,
            String username,
            String email,
            WorkspaceRole role,
            String invitedBy,
            Instant createdAt,
            Instant expiresAt,
            boolean expired,
            String token) {
        static InviteView of(WorkspaceInvite invite, Instant now, String token) {
            return new InviteView(
                    invite.id(),
                    invite.workspaceId(),
                    invite.username(),
                    invite.email(),
                    invite.role(),
                    invite.invitedBy(),
                    invite.createdAt(),
                    invite.expiresAt(),
                    !invite.pendingAt(now),
                    token);
        }
    }

    record Accept(String token) {
        Accept {
            if (token == null || token.isBlank() || token.codePointCount(0, token.length()) > 200) {
                throw new IllegalArgumentException("token is required (at most 200 characters)");
            }
        }
    }

    /** Accepting an invitation with a new account. */
    record SignUp(String token, String username, String password) {
        SignUp {
            new Accept(token);
            if (username != null && !USERNAME.matcher(username).matches()) {
                throw new IllegalArgumentException(
                        "username must be 1 to 100 letters, digits, dots, dashes, underscores or @");
            }
            if (password == null
                    || password.codePointCount(0, password.length()) < AuthRoutes.MIN_PASSWORD_LENGTH
                    || password.codePointCount(0, password.length()) > 1024) {
                throw new IllegalArgumentException(
                        "password must be between " + AuthRoutes.MIN_PASSWORD_LENGTH + " and 1024 characters");
            }
        }
    }

    record Accepted(WorkspaceView workspace) {}

    record Items<T>(List<T> items) {}

    private final WorkspaceStore workspaces;
    private final AdminUserStore users;
    private final VirtualThreads blocking;
    private final JsonCodec json;
    private final AuditTrail audit;
    private final Clock clock;

    WorkspaceRoutes(
            WorkspaceStore workspaces,
            AdminUserStore users,
            VirtualThreads blocking,
            JsonCodec json,
            AuditTrail audit) {
        this.workspaces = workspaces;
        this.users = users;
        this.blocking = blocking;
        this.json = json;
        this.audit = audit;
        this.clock = Clock.systemUTC();
    }

    void mount(Router router) {
        router.get("/workspaces").handler(this::mine);
        router.post("/workspaces").handler(this::create);
        router.get("/workspaces/:workspaceId").handler(this::get);
        router.patch("/workspaces/:workspaceId").handler(this::rename);
        router.get("/workspaces/:workspaceId/members").handler(this::members);
        router.get("/workspaces/:workspaceId/members/:username").handler(this::member);
        router.put("/workspaces/:workspaceId/members/:username").handler(this::changeRole);
        router.delete("/workspaces/:workspaceId/members/:username").handler(this::remove);
        router.get("/workspaces/:workspaceId/invites").handler(this::invites);
        router.post("/workspaces/:workspaceId/invites").handler(this::invite);
        router.get("/workspaces/:workspaceId/invites/:inviteId").handler(this::getInvite);
        router.delete("/workspaces/:workspaceId/invites/:inviteId").handler(this::withdraw);
        router.post("/invites/accept").handler(this::accept);
    }

    private void mine(RoutingContext ctx) {
        Responses.allowQuery(ctx);
        String username = AuthRoutes.subject(ctx);
        blocking.call(() -> new Items<>(workspaces.workspacesOf(username).stream()
                        .map(m -> view(m.workspace(), m.role()))
                        .toList()))
                .onSuccess(items -> Responses.json(ctx, 200, items, json))
                .onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        CreateWorkspace request = json.read(ctx, CreateWorkspace.class);
        String username = AuthRoutes.subject(ctx);
        blocking.call(() -> {
                    Workspace workspace = new Workspace(request.id(), request.name(), clock.instant());
                    if (!workspaces.create(workspace, username)) {
                        throw new ApiException(409, "conflict", "workspace id '" + request.id() + "' is taken");
                    }
                    return view(workspaces.find(request.id()).orElseThrow(), WorkspaceRole.OWNER);
                })
                .onSuccess(view -> Responses.json(ctx, 201, view, json))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> view(workspaces.find(scope.workspaceId()).orElseThrow(), scope.role()))
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void rename(RoutingContext ctx) {
        Rename request = json.read(ctx, Rename.class);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    workspaces.rename(scope.workspaceId(), request.name());
                    return view(workspaces.find(scope.workspaceId()).orElseThrow(), scope.role());
                })
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void members(RoutingContext ctx) {
        Responses.allowQuery(ctx);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> new Items<>(workspaces.members(scope.workspaceId()).stream()
                        .map(MemberView::of)
                        .toList()))
                .onSuccess(items -> Responses.json(ctx, 200, items, json))
                .onFailure(ctx::fail);
    }

    private void member(RoutingContext ctx) {
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        String username = ctx.pathParam("username");
        blocking.call(() -> MemberView.of(findMember(scope, username)))
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void changeRole(RoutingContext ctx) {
        RoleChange change = json.read(ctx, RoleChange.class);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        String username = ctx.pathParam("username");
        blocking.call(() -> {
                    WorkspaceMember member = findMember(scope, username);
                    if ((member.role() == WorkspaceRole.OWNER || change.role() == WorkspaceRole.OWNER)
                            && scope.role() != WorkspaceRole.OWNER) {
                        throw ownersOnly("grant or take away the owner role");
                    }
                    lastOwner(workspaces.putMember(scope.workspaceId(), username, change.role()), "demote");
                    return MemberView.of(findMember(scope, username));
                })
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void remove(RoutingContext ctx) {
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        String username = ctx.pathParam("username");
        blocking.call(() -> {
                    WorkspaceMember member = findMember(scope, username);
                    if (member.role() == WorkspaceRole.OWNER && scope.role() != WorkspaceRole.OWNER) {
                        throw ownersOnly("remove an owner");
                    }
                    lastOwner(workspaces.removeMember(scope.workspaceId(), username), "remove");
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private void invites(RoutingContext ctx) {
        Responses.allowQuery(ctx);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        Instant now = clock.instant();
        blocking.call(() -> new Items<>(workspaces.invites(scope.workspaceId()).stream()
                        .map(invite -> InviteView.of(invite, now, null))
                        .toList()))
                .onSuccess(items -> Responses.json(ctx, 200, items, json))
                .onFailure(ctx::fail);
    }

    private void getInvite(RoutingContext ctx) {
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        String id = ctx.pathParam("inviteId");
        Instant now = clock.instant();
        blocking.call(() -> workspaces.invites(scope.workspaceId()).stream()
                        .filter(invite -> invite.id().equals(id))
                        .findFirst()
                        .map(invite -> InviteView.of(invite, now, null))
                        .orElseThrow(() -> ApiException.notFound("invitation '" + id + "' does not exist")))
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void invite(RoutingContext ctx) {
        CreateInvite request = json.read(ctx, CreateInvite.class);
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        blocking.call(() -> {
                    if (request.role() == WorkspaceRole.OWNER && scope.role() != WorkspaceRole.OWNER) {
                        throw ownersOnly("invite an owner");
                    }
                    if (request.username() != null
                            && workspaces
                                    .role(scope.workspaceId(), request.username())
                                    .isPresent()) {
                        throw new ApiException(
                                409, "conflict", "'" + request.username() + "' is a member already; change the role");
                    }
                    String token = randomToken();
                    Instant now = clock.instant();
                    WorkspaceInvite invite = new WorkspaceInvite(
                            UUID.randomUUID().toString(),
                            scope.workspaceId(),
                            request.username(),
                            request.email(),
                            request.role(),
                            hash(token),
                            scope.username(),
                            now,
                            now.plus(INVITE_TTL),
                            null,
                            null);
                    workspaces.createInvite(invite);
                    return InviteView.of(invite, now, token);
                })
                .onSuccess(view -> Responses.json(ctx, 201, view, json))
                .onFailure(ctx::fail);
    }

    private void withdraw(RoutingContext ctx) {
        WorkspaceScope scope = WorkspaceScope.of(ctx);
        String id = ctx.pathParam("inviteId");
        blocking.call(() -> {
                    if (!workspaces.deleteInvite(scope.workspaceId(), id)) {
                        throw ApiException.notFound("invitation '" + id + "' does not exist");
                    }
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    /** A logged-in user accepts: an e-mail invitation by holding its token, a user-name one only as that user. */
    private void accept(RoutingContext ctx) {
        Accept request = json.read(ctx, Accept.class);
        String username = AuthRoutes.subject(ctx);
        blocking.call(() -> {
                    WorkspaceInvite invite = pending(request.token())
                            .filter(i -> i.username() == null || i.username().equals(username))
                            .orElseThrow(() -> ApiException.notFound(NO_INVITE));
                    return join(invite, username);
                })
                .onSuccess(accepted -> Responses.json(ctx, 200, accepted, json))
                .onFailure(ctx::fail);
    }

    /**
     * Accepting an invitation with a new account (no login yet): the account is created with the
     * invitation's user name, or the one chosen for an e-mail invitation, and logged in.
     */
    void signUp(RoutingContext ctx, SessionService sessions) {
        SignUp request = json.read(ctx, SignUp.class);
        blocking.call(() -> {
                    WorkspaceInvite invite =
                            pending(request.token()).orElseThrow(() -> ApiException.notFound(NO_INVITE));
                    String username = invite.username() != null ? invite.username() : request.username();
                    if (username == null) {
                        throw ApiException.badRequest(
                                "username is required for an invitation sent to an e-mail address");
                    }
                    if (request.username() != null && !request.username().equals(username)) {
                        throw ApiException.badRequest("this invitation is for user '" + username + "'");
                    }
                    if (users.find(username).isPresent()) {
                        throw new ApiException(
                                409,
                                "conflict",
                                "user '" + username + "' exists; log in and accept at POST /admin/v1/invites/accept");
                    }
                    users.upsert(new AdminUser(username, PasswordHasher.hash(request.password()), clock.instant()));
                    try {
                        join(invite, username);
                    } catch (ApiException e) {
                        users.delete(username);
                        throw e;
                    }
                    audit.record(new AuditEntry(
                            0,
                            clock.instant(),
                            username,
                            AuditTrail.clientAddress(ctx),
                            "signup",
                            "workspaces",
                            invite.workspaceId(),
                            ctx.request().path(),
                            200,
                            null,
                            null,
                            invite.workspaceId()));
                    return sessions.open(username);
                })
                .onSuccess(tokens -> {
                    ctx.response().putHeader("Cache-Control", "no-store");
                    Responses.json(ctx, 200, AuthRoutes.LoginResponse.of(tokens), json);
                })
                .onFailure(ctx::fail);
    }

    private Accepted join(WorkspaceInvite invite, String username) {
        if (!workspaces.acceptInvite(invite.id(), username, clock.instant())) {
            throw ApiException.notFound(NO_INVITE);
        }
        Workspace workspace = workspaces.find(invite.workspaceId()).orElseThrow();
        WorkspaceRole role = workspaces.role(workspace.id(), username).orElse(invite.role());
        return new Accepted(view(workspace, role));
    }

    private Optional<WorkspaceInvite> pending(String token) {
        Instant now = clock.instant();
        return workspaces.findInviteByTokenHash(hash(token)).filter(invite -> invite.pendingAt(now));
    }

    private WorkspaceMember findMember(WorkspaceScope scope, String username) {
        return workspaces.members(scope.workspaceId()).stream()
                .filter(m -> m.username().equals(username))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound(
                        "'" + username + "' is no member of workspace '" + scope.workspaceId() + "'"));
    }

    private static void lastOwner(WorkspaceStore.Outcome outcome, String verb) {
        switch (outcome) {
            case DONE -> {}
            case NOT_FOUND -> throw ApiException.notFound("no such member");
            case LAST_OWNER ->
                throw new ApiException(
                        409, "last_owner", "cannot " + verb + " the last owner; make another member owner first");
        }
    }

    private static ApiException ownersOnly(String what) {
        return new ApiException(403, "forbidden", "only an owner may " + what);
    }

    private static WorkspaceView view(Workspace workspace, WorkspaceRole role) {
        return new WorkspaceView(workspace.id(), workspace.name(), role, workspace.createdAt());
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
