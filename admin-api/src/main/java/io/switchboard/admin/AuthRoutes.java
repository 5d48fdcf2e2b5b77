package io.switchboard.admin;

import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.AdminUserStore;
import io.switchboard.runtime.access.PasswordHasher;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import java.time.Instant;
import java.util.Optional;

/** Login, password change and the bearer-token check in front of every other route. */
final class AuthRoutes {
    static final String ISSUER = "switchboard";
    static final String AUDIENCE = "switchboard-admin";
    static final int MIN_PASSWORD_LENGTH = 12;
    private static final int MAX_PASSWORD_LENGTH = 1024;
    private static final String BEARER = "Bearer ";
    private static final String WRONG_CREDENTIALS = "wrong username or password";

    record LoginRequest(String username, String password) {
        LoginRequest {
            if (username == null || username.isBlank() || username.length() > 200) {
                throw new IllegalArgumentException("username is required (at most 200 characters)");
            }
            if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD_LENGTH) {
                throw new IllegalArgumentException("password is required (at most 1024 characters)");
            }
        }
    }

    record LoginResponse(String token, Instant expiresAt) {}

    record PasswordChange(String currentPassword, String newPassword) {
        PasswordChange {
            if (currentPassword == null || currentPassword.isEmpty()) {
                throw new IllegalArgumentException("currentPassword is required");
            }
            if (newPassword == null
                    || newPassword.length() < MIN_PASSWORD_LENGTH
                    || newPassword.length() > MAX_PASSWORD_LENGTH) {
                throw new IllegalArgumentException(
                        "newPassword must be between " + MIN_PASSWORD_LENGTH + " and 1024 characters");
            }
        }
    }

    private final JWTAuth jwt;
    private final AdminUserStore users;
    private final int ttlSeconds;
    private final VirtualThreads blocking;
    private final JsonCodec json;
    // Verified against when the user is unknown, so both failures cost the same time.
    private volatile String decoyHash;

    AuthRoutes(Vertx vertx, AdminApiConfig config, AdminUserStore users, VirtualThreads blocking, JsonCodec json) {
        this.jwt = jwtAuth(vertx, config);
        this.users = users;
        this.ttlSeconds = (int) config.tokenTtl().toSeconds();
        this.blocking = blocking;
        this.json = json;
    }

    static JWTAuth jwtAuth(Vertx vertx, AdminApiConfig config) {
        return JWTAuth.create(
                vertx,
                new JWTAuthOptions()
                        .addPubSecKey(new PubSecKeyOptions()
                                .setAlgorithm("HS256")
                                .setBuffer(config.jwtSecret().reveal()))
                        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).addAudience(AUDIENCE)));
    }

    AuthenticationHandler authenticationHandler() {
        return JWTAuthHandler.create(jwt);
    }

    /**
     * Refuses a missing or malformed {@code Authorization} header with 401 before the JWT handler, which
     * would answer a malformed header with 400.
     */
    static void requireBearerHeader(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.substring(BEARER.length()).isBlank()) {
            ctx.fail(ApiException.unauthorized(
                    "send Authorization: Bearer <token>, with the token from POST /admin/v1/auth/login"));
            return;
        }
        ctx.next();
    }

    void login(RoutingContext ctx) {
        LoginRequest login = json.read(ctx, LoginRequest.class);
        blocking.call(() -> checkCredentials(login))
                .onSuccess(username -> {
                    long issuedAt = System.currentTimeMillis() / 1000;
                    String token = jwt.generateToken(
                            new JsonObject(),
                            new JWTOptions()
                                    .setAlgorithm("HS256")
                                    .setSubject(username)
                                    .setIssuer(ISSUER)
                                    .addAudience(AUDIENCE)
                                    .setExpiresInSeconds(ttlSeconds));
                    Responses.json(
                            ctx, 200, new LoginResponse(token, Instant.ofEpochSecond(issuedAt + ttlSeconds)), json);
                })
                .onFailure(ctx::fail);
    }

    private String checkCredentials(LoginRequest login) {
        Optional<AdminUser> user = users.find(login.username());
        String stored = user.map(AdminUser::passwordHash).orElseGet(this::decoyHash);
        boolean matches = PasswordHasher.verify(login.password(), stored);
        if (user.isEmpty() || !matches) {
            throw new ApiException(401, "invalid_credentials", WRONG_CREDENTIALS);
        }
        return user.get().username();
    }

    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            hash = PasswordHasher.hash("decoy-" + System.nanoTime());
            decoyHash = hash;
        }
        return hash;
    }

    void changePassword(RoutingContext ctx) {
        PasswordChange change = json.read(ctx, PasswordChange.class);
        String username = subject(ctx);
        blocking.call(() -> {
                    AdminUser user = users.find(username)
                            .orElseThrow(() -> ApiException.unauthorized("the logged-in admin no longer exists"));
                    if (!PasswordHasher.verify(change.currentPassword(), user.passwordHash())) {
                        throw new ApiException(400, "wrong_password", "currentPassword is wrong");
                    }
                    users.upsert(new AdminUser(username, PasswordHasher.hash(change.newPassword()), user.createdAt()));
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    /** The username of the authenticated admin (the token's subject). */
    static String subject(RoutingContext ctx) {
        String subject = ctx.user() == null ? null : ctx.user().subject();
        if (subject == null) {
            throw ApiException.unauthorized("the bearer token names no admin");
        }
        return subject;
    }
}
