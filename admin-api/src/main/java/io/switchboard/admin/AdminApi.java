package io.switchboard.admin;

import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;

/**
 * The admin REST API: a sub-router to mount at {@code /admin/v1}. Everything but
 * {@code POST /auth/login} needs an {@code Authorization: Bearer <jwt>} header obtained from that login;
 * workspace routes act in the workspace named by the {@code X-Workspace} header (see {@link Permissions}).
 * Store and runtime calls run on virtual threads; every failure is rendered as
 * {@code {"error":{"code","message"}}}.
 *
 * <p>Mount it without a body handler of the parent in front: the admin router enforces its own body
 * limit ({@link AdminApiConfig#maxBodyBytes()}).
 */
public final class AdminApi {
    /** Where the gateway mounts {@link #router()}. */
    public static final String MOUNT_PATH = "/admin/v1";

    private static final String OPENAPI_RESOURCE = "openapi.yaml";

    private final Router router;
    private final AuditRoutes audit;
    private final VirtualThreads blocking;

    private AdminApi(Router router, AuditRoutes audit, VirtualThreads blocking) {
        this.router = router;
        this.audit = audit;
        this.blocking = blocking;
    }

    /**
     * Builds the routes. Call once per HTTP server verticle; the router is bound to {@code vertx}.
     *
     * @throws NullPointerException when an argument is null
     */
    public static AdminApi create(Vertx vertx, AdminApiConfig config, AdminBackend backend, AdminSecurity security) {
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backend, "backend");
        JsonCodec json = new JsonCodec();
        VirtualThreads blocking = VirtualThreads.named("admin");
        ChangeNotifier changes = new ChangeNotifier(backend.changes());
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
        AuditTrail audit = new AuditTrail(security.audit(), blocking, security.clock());
        AuthRoutes auth = new AuthRoutes(vertx, config, backend.users(), blocking, json, security, audit);

        Router router = Router.router(vertx);
        // A path of the API asked with a method it does not take: 405 with Allow, before any login check.
        router.route().handler(AdminApi::refuseOtherMethods);
        // Vert.x allows a body handler only before user handlers of the same route, hence one route each.
        router.post("/auth/login").handler(Responses::requireJsonBody);
        router.post("/auth/login").handler(body).handler(auth::login);
        WorkflowRunRoutes workflowRuns = new WorkflowRunRoutes(backend, blocking, json);
        workflowRuns.mountPublic(router, body);

        SmsLoginRoutes smsLogin = security.logins() == null
                ? null
                : new SmsLoginRoutes(security.logins(), backend.users(), auth, blocking, json, audit);
        ExternalLoginRoutes external = security.logins() == null
                ? null
                : new ExternalLoginRoutes(security.logins(), backend.users(), auth, blocking, json, audit);
        if (smsLogin != null) {
            smsLogin.mountPublic(router, body);
            external.mountPublic(router, body);
            purgeChallenges(vertx, security.logins(), blocking);
        }
        router.post("/auth/refresh").handler(Responses::requireJsonBody);
        router.post("/auth/refresh").handler(body).handler(auth::refresh);
        WorkspaceRoutes workspaces = new WorkspaceRoutes(security.workspaces(), backend.users(), blocking, json, audit);
        router.post("/auth/invites/accept").handler(Responses::requireJsonBody);
        router.post("/auth/invites/accept").handler(body).handler(ctx -> workspaces.signUp(ctx, auth.sessions()));
        router.route().handler(AuthRoutes::requireBearerHeader);
        router.route().handler(auth.authenticationHandler());
        router.route().handler(Responses::requireJsonBody);
        router.route().handler(body);
        // After the body handler (which must run first): only holders of a validly signed token get here.
        router.route().handler(auth::requireSession);
        AuditRoutes auditRoutes = new AuditRoutes(vertx, audit, blocking, json, security.auditRetention());
        router.route().handler(auditRoutes::record);
        // Every route below: the workspace of the request, the caller's role in it, the rule of Permissions.
        router.route().handler(new WorkspaceGuard(security.workspaces(), backend.knowledge(), blocking)::check);
        auditRoutes.mount(router);
        workspaces.mount(router);
        router.post("/auth/password").handler(auth::changePassword);
        router.post("/auth/logout").handler(auth::logout);
        if (security.logins() != null) {
            new TotpRoutes(
                            new io.switchboard.admin.access.TotpService(
                                    security.logins().factors(),
                                    security.logins().clock()),
                            backend.users(),
                            blocking,
                            json,
                            audit)
                    .mount(router);
            smsLogin.mount(router);
            external.mount(router);
            if (security.logins().managedOidc() != null) {
                new OidcProviderRoutes(
                                security.logins().managedOidc(),
                                security.logins().providers().stream()
                                        .map(io.switchboard.admin.external.IdentityProvider::key)
                                        .collect(java.util.stream.Collectors.toSet()),
                                external.redirectUri(),
                                blocking,
                                json)
                        .mount(router);
            }
            new IdentityRoutes(
                            security.logins().identities(),
                            backend.users(),
                            blocking,
                            json,
                            security.logins().clock(),
                            audit)
                    .mount(router);
        }
        new AppFileRoutes(backend, changes, blocking, json).mount(router);
        new AppRoutes(backend, changes, blocking, json).mount(router);
        new ProviderRoutes(backend.providers(), changes, blocking, json).mount(router);
        new ApiKeyRoutes(backend, changes, blocking, json).mount(router);
        new LogRoutes(backend, changes, blocking, json).mount(router);
        new UsageRoutes(security.quotas(), blocking, json).mount(router);
        new SummaryRoutes(backend, blocking, json).mount(router);
        if (backend.moderation() != null) {
            new ModerationRoutes(backend, changes, blocking, json).mount(router);
        }
        new AnalyticsRoutes(backend, blocking, json, Clock.systemUTC()).mount(router);
        new DebugChatRoutes(backend, blocking, json).mount(router);
        new ChannelLoginRoutes(backend, blocking, json).mount(router);
        new ChannelBindingRoutes(backend, blocking, json).mount(router);
        new ToolRoutes(backend, blocking, json).mount(router);
        new WorkflowRoutes(backend, blocking, json).mount(router);
        workflowRuns.mount(router);
        new KnowledgeRoutes(backend, changes, blocking, json).mount(router);
        router.route()
                .handler(ctx -> ctx.fail(ApiException.notFound(
                        "no admin route " + ctx.request().method() + " " + ctx.normalizedPath())));
        router.route().failureHandler(new FailureRenderer(json, config.maxBodyBytes()));
        return new AdminApi(router, auditRoutes, blocking);
    }

    private static void refuseOtherMethods(io.vertx.ext.web.RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String below = path.startsWith(MOUNT_PATH) ? path.substring(MOUNT_PATH.length()) : path;
        var method = ctx.request().method();
        // The methods of the path's own (most literal) template: a method some less literal template
        // takes does not count (DELETE /auth/identities/external/start is not an unlink).
        java.util.Set<String> allowed = Permissions.methods(below);
        if (allowed.isEmpty() || allowed.contains(method.name())) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Allow", String.join(", ", allowed));
        ctx.fail(new ApiException(
                405,
                "method_not_allowed",
                "method " + method.name() + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed)));
    }

    /** Forgets SMS codes, OAuth states and tickets an hour after they expired (unused ones stay otherwise). */
    private static void purgeChallenges(Vertx vertx, LoginMethods logins, VirtualThreads blocking) {
        vertx.setPeriodic(
                1000,
                java.time.Duration.ofHours(1).toMillis(),
                id -> blocking.execute(() -> {
                    try {
                        logins.challenges()
                                .deleteExpired(logins.clock().instant().minus(java.time.Duration.ofHours(1)));
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(AdminApi.class)
                                .warn("could not purge expired login challenges", e);
                    }
                }));
    }

    /**
     * Trims the audit log now, as the hourly timer does: entries older than
     * {@link AdminSecurity#auditRetention()} by {@link AdminSecurity#clock()} go. Completes with how many
     * went (-1: the store failed, logged). The seam tests drive after moving the clock.
     */
    public io.vertx.core.Future<Integer> trimAuditLog() {
        return blocking.call(audit::trim);
    }

    /** The sub-router; mount it with {@code parent.route(MOUNT_PATH + "/*").subRouter(router())}. */
    public Router router() {
        return router;
    }

    /** The OpenAPI 3 document of the admin API and the gateway's own routes, as YAML. */
    public static String openApiYaml() {
        try (InputStream in = AdminApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + OPENAPI_RESOURCE + " is missing from the admin-api jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + OPENAPI_RESOURCE, e);
        }
    }
}
