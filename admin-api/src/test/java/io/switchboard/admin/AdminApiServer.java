package io.switchboard.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.admin.access.InMemoryAttemptCounter;
import io.switchboard.admin.access.LoginPolicy;
import io.switchboard.admin.access.LoginThrottle;
import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.PasswordHasher;
import io.switchboard.runtime.appfile.AppFiles;
import io.switchboard.runtime.knowledge.KnowledgeLimits;
import io.switchboard.runtime.knowledge.KnowledgeService;
import io.switchboard.runtime.knowledge.LuceneKnowledgeStore;
import io.switchboard.runtime.model.LangChainModelInvoker;
import io.switchboard.runtime.moderation.Moderation;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.store.Database;
import io.switchboard.runtime.store.DatabaseConfig;
import io.switchboard.runtime.tool.BuiltinTools;
import io.switchboard.runtime.tool.CustomTools;
import io.switchboard.runtime.tool.OutboundHttp;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.runtime.workflow.WorkflowEngine;
import io.switchboard.runtime.workflow.WorkflowService;
import io.switchboard.runtime.workflow.WorkflowTools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The admin API on a real HTTP server (port 0) over a real H2 file database, with one admin user, and
 * a plain JDK HTTP client to talk to it.
 */
final class AdminApiServer implements AutoCloseable {
    static final String ADMIN = "admin";
    static final String PASSWORD = "correct horse battery staple";
    static final String JWT_SECRET = "a-test-jwt-secret-that-is-long-enough-0123456789";
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();
    /** The default SMS limits but many codes per address: every test client is 127.0.0.1 (SmsCodesTest covers it). */
    static final io.switchboard.admin.sms.SmsCodes.Policy SMS_POLICY =
            new io.switchboard.admin.sms.SmsCodes.Policy(Duration.ofMinutes(5), Duration.ofSeconds(60), 5, 10_000, 5);

    final Database database;
    final Vertx vertx;
    final RecordingChangeListener changes = new RecordingChangeListener();
    final ScriptedAgentRuntime runtime;
    final DemoChannelTypes channelTypes = new DemoChannelTypes();
    final InMemoryAttemptCounter attempts = new InMemoryAttemptCounter();
    /** The clock of the ways in (TOTP steps, code expiry) and of the audit log (retention); tests move it. */
    final io.switchboard.testkit.MutableClock clock = io.switchboard.testkit.MutableClock.ofNow();
    /** The SMS sender of the phone login: records what it would send (tests of the adapters use fakes). */
    final RecordingSmsSender sms = new RecordingSmsSender();

    final AdminApi api;
    final LuceneKnowledgeStore knowledgeStore;
    final KnowledgeService knowledge;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final String base;
    private volatile java.net.http.HttpHeaders lastHeaders;

    record Reply(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    /** Where the outside identity providers send browsers back; tests map it to {@link #base}. */
    static final String PUBLIC_URL = "http://console.switchboard.test";

    private final List<io.switchboard.admin.external.IdentityProvider> providers;

    private AdminApiServer(Path dir) throws Exception {
        this(dir, List.of());
    }

    private AdminApiServer(Path dir, List<io.switchboard.admin.external.IdentityProvider> providers) throws Exception {
        this(dir, providers, null);
    }

    private AdminApiServer(
            Path dir, List<io.switchboard.admin.external.IdentityProvider> providers, Duration auditRetention)
            throws Exception {
        this.providers = providers;
        database = Database.open(
                new DatabaseConfig("jdbc:h2:file:" + dir.resolve("admin").toAbsolutePath(), null, null, 4),
                SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        database.adminUsers().upsert(new AdminUser(ADMIN, PasswordHasher.hash(PASSWORD), Instant.now()));
        database.workspaces().adoptOwnerless(io.switchboard.runtime.access.Workspace.DEFAULT_ID, ADMIN);
        runtime = new ScriptedAgentRuntime(database.apps());
        vertx = Vertx.vertx();
        knowledgeStore = LuceneKnowledgeStore.open(dir.resolve("knowledge"));
        knowledge = KnowledgeService.create(
                database.knowledge(),
                knowledgeStore,
                id -> Optional.empty(),
                new KnowledgeLimits(
                        1024 * 1024,
                        200_000,
                        2,
                        20,
                        3,
                        NetPolicy.builder().allowlist(List.of("127.0.0.1")).build()));
        SkillsBackend skills = skills(database);
        AdminBackend backend = new AdminBackend(
                database.apps(),
                database.providers(),
                database.apiKeys(),
                database.adminUsers(),
                database.turnLogs(),
                runtime,
                changes,
                database.channelBindings(),
                channelTypes,
                knowledge,
                skills,
                database.summaries(),
                database.feedback(),
                Moderation.builder()
                        .lists(database.keywordLists())
                        .hits(database.moderationHits())
                        .build(),
                AppFiles.create(
                        database.apps(),
                        database.appFiles(),
                        database.providers(),
                        knowledge,
                        skills.workflows(),
                        skills.customTools()));
        api = AdminApi.create(
                vertx,
                new AdminApiConfig(Secret.of(JWT_SECRET), Duration.ofHours(1), MAX_BODY_BYTES),
                backend,
                new AdminSecurity(
                                new LoginThrottle(attempts, LoginPolicy.DEFAULT, Clock.systemUTC()),
                                database.adminSessions(),
                                database.audit(),
                                null,
                                auditRetention,
                                database.workspaces(),
                                null,
                                null)
                        .withLogins(logins())
                        .withClock(clock));
        Router root = Router.router(vertx);
        root.route(AdminApi.MOUNT_PATH + "/*").subRouter(api.router());
        server = await(vertx.createHttpServer().requestHandler(root).listen(0));
        base = "http://127.0.0.1:" + server.actualPort() + AdminApi.MOUNT_PATH;
    }

    /** The ways in beside the password, over the same database; tests of SMS, WeChat and OIDC add providers. */
    LoginMethods logins() {
        return LoginMethods.builder(database.secondFactors(), database.identityLinks(), database.loginChallenges())
                .clock(clock)
                .sms(sms, SMS_POLICY)
                .counters(attempts)
                .providers(providers)
                .managedOidc(new io.switchboard.admin.external.ManagedOidcProviders(
                        database.oidcProviders(),
                        io.switchboard.runtime.net.SafeHttpClient.create(NetPolicy.builder()
                                .allowlist(List.of("127.0.0.1"))
                                .maxRedirects(0)
                                .connectTimeout(Duration.ofSeconds(2))
                                .totalTimeout(Duration.ofSeconds(5))
                                .build()),
                        clock))
                .publicUrl(URI.create(PUBLIC_URL))
                .build();
    }

    /** Real tools and workflows over the same database; private addresses allowed for loopback fakes. */
    static SkillsBackend skills(Database database) {
        OutboundHttp http = OutboundHttp.create(
                NetPolicy.builder().allowlist(List.of("127.0.0.1")).build());
        ToolRegistry tools = ToolRegistry.create(List.of(BuiltinTools.create(Clock.systemUTC(), http, null)));
        CustomTools custom = CustomTools.create(database.toolProviders(), http, false);
        tools.add(custom);
        WorkflowEngine engine = WorkflowEngine.builder()
                .models(LangChainModelInvoker.create(Duration.ofMillis(1)), database.providers()::find)
                .http(http)
                .tools(tools)
                .build();
        WorkflowService workflows =
                WorkflowService.create(database.workflowStores(), engine, Duration.ofSeconds(10), Clock.systemUTC());
        tools.add(WorkflowTools.create(workflows));
        return new SkillsBackend(
                tools,
                custom,
                workflows,
                io.switchboard.runtime.workflow.WorkflowTriggers.create(workflows, Clock.systemUTC()));
    }

    /** The same with outside identity providers (OIDC, WeChat, WeCom) configured. */
    static AdminApiServer start(Path dir, List<io.switchboard.admin.external.IdentityProvider> providers) {
        try {
            return new AdminApiServer(dir, providers);
        } catch (Exception e) {
            throw new IllegalStateException("admin API did not start", e);
        }
    }

    /** The base URL of the admin API ({@code http://127.0.0.1:PORT/admin/v1}). */
    String base() {
        return base;
    }

    /** The same with {@code security.auditRetention} set (the default: 365 days). */
    static AdminApiServer startWithAuditRetention(Path dir, Duration auditRetention) {
        try {
            return new AdminApiServer(dir, List.of(), auditRetention);
        } catch (Exception e) {
            throw new IllegalStateException("admin API did not start", e);
        }
    }

    static AdminApiServer start(Path dir) {
        try {
            return new AdminApiServer(dir);
        } catch (Exception e) {
            throw new IllegalStateException("admin API did not start", e);
        }
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String login() {
        Reply reply =
                send("POST", "/auth/login", "{\"username\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}", null);
        if (reply.status() != 200) {
            throw new AssertionError("login failed: " + reply);
        }
        return reply.json().get("token").asText();
    }

    Reply send(String method, String path, String body, String token) {
        return send(method, path, body, token, body == null ? null : "application/json");
    }

    /** Sends {@code authorization} as the raw header value (null: no header). */
    Reply sendWithAuthorization(String method, String path, String body, String authorization) {
        return exchange(method, path, body, authorization, body == null ? null : "application/json");
    }

    Reply send(String method, String path, String body, String token, String contentType) {
        return exchange(method, path, body, token == null ? null : "Bearer " + token, contentType);
    }

    /** The headers of the last answer. */
    java.net.http.HttpHeaders lastHeaders() {
        return lastHeaders;
    }

    private Reply exchange(String method, String path, String body, String authorization, String contentType) {
        return exchange(method, path, body, authorization, contentType, java.util.Map.of());
    }

    /** A request with a token acting in {@code workspace} (the X-Workspace header). */
    Reply sendIn(String workspace, String method, String path, String body, String token) {
        return exchange(
                method,
                path,
                body,
                token == null ? null : "Bearer " + token,
                body == null ? null : "application/json",
                java.util.Map.of(WorkspaceGuard.HEADER, workspace));
    }

    /** Creates a user (no workspace yet) and logs them in; returns the access token. */
    String userToken(String username) {
        String password = username + " has a long password";
        database.adminUsers().upsert(new AdminUser(username, PasswordHasher.hash(password), Instant.now()));
        Reply reply = send(
                "POST", "/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
        if (reply.status() != 200) {
            throw new AssertionError("login failed: " + reply);
        }
        return reply.json().get("token").asText();
    }

    /** A JSON POST without a token, with extra headers (webhooks). */
    Reply postWithHeaders(String path, String body, java.util.Map<String, String> headers) {
        return exchange("POST", path, body, null, "application/json", headers);
    }

    private Reply exchange(
            String method,
            String path,
            String body,
            String authorization,
            String contentType,
            java.util.Map<String, String> headers) {
        // 30 s: a bound that fails a hung route, not a performance figure; the first login (password hash,
        // cold JIT) took over 10 s at a load average of 26 on two cores.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            lastHeaders = response.headers();
            return new Reply(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        await(vertx.close());
        knowledge.close();
        knowledgeStore.close();
        database.close();
    }
}
