package io.switchboard.admin;

import io.switchboard.admin.access.LoginThrottle;
import io.switchboard.admin.access.PasswordPolicy;
import io.switchboard.admin.access.SessionService;
import io.switchboard.admin.access.TotpService;
import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.AdminUserStore;
import io.switchboard.runtime.access.PasswordHasher;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import java.time.Clock;
import java.time.Duration;
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

    /** {@code code}: the authenticator's code or a recovery code, for an admin with two-factor login. */
    record LoginRequest(String username, String password, String code) {
        LoginRequest {
            if (username == null || username.isBlank() || username.codePointCount(0, username.length()) > 200) {
                throw new IllegalArgumentException("username is required (at most 200 characters)");
            }
            if (password == null
                    || password.isEmpty()
                    || password.codePointCount(0, password.length()) > MAX_PASSWORD_LENGTH) {
                throw new IllegalArgumentException("password is required (at most 1024 characters)");
            }
            if (code != null && (code.isBlank() || code.codePointCount(0, code.length()) > 64)) {
                throw new IllegalArgumentException("code must be the authenticator's 6 digits or a recovery code");
            }
        }
    }

    /** {@code token} is the short access token; {@code refreshToken} renews it at {@code POST /auth/refresh}. */
    record LoginResponse(String token, Instant expiresAt, String refreshToken, Instant refreshExpiresAt) {
        static LoginResponse of(SessionService.Tokens tokens) {
            return new LoginResponse(
                    tokens.accessToken(), tokens.accessExpiresAt(), tokens.refreshToken(), tokens.refreshExpiresAt());
        }
    }

    record RefreshRequest(String refreshToken) {
        RefreshRequest {
            // The document's shape (1-200 characters) is checked here; whether the token is one the server
            // issued (a blank one never is) is a 401 from the lookup, not a 400: Java's isBlank counts
            // characters such as U+001C as blank that the document's patterns do not.
            if (refreshToken == null
                    || refreshToken.isEmpty()
                    || refreshToken.codePointCount(0, refreshToken.length()) > 200) {
                throw new IllegalArgumentException("refreshToken is required (at most 200 characters)");
            }
        }
    }

    /** A login refused because of earlier failures: 429 with Retry-After. */
    static final class LockedOut extends RuntimeException {
        final long retryAfterSeconds;

        LockedOut(Duration lock) {
            super(null, null, false, false);
            this.retryAfterSeconds = Math.max(1, (lock.toMillis() + 999) / 1000);
        }
    }

    record PasswordChange(String currentPassword, String newPassword) {
        PasswordChange {
            if (currentPassword == null || currentPassword.isEmpty()) {
                throw new IllegalArgumentException("currentPassword is required");
            }
            if (newPassword == null
                    || newPassword.codePointCount(0, newPassword.length()) < MIN_PASSWORD_LENGTH
                    || newPassword.codePointCount(0, newPassword.length()) > MAX_PASSWORD_LENGTH) {
                throw new IllegalArgumentException(
                        "newPassword must be between " + MIN_PASSWORD_LENGTH + " and 1024 characters");
            }
        }
    }

    private final JWTAuth jwt;
    private final AdminUserStore users;
    private final VirtualThreads blocking;
    private final JsonCodec json;
    private final SessionService sessions;
    private final LoginThrottle throttle;
    private final AuditTrail audit;
    private final TotpService totp;
    // Verified against when the user is unknown, so both failures cost the same time.
    private volatile String decoyHash;

    AuthRoutes(
            Vertx vertx,
            AdminApiConfig config,
            AdminUserStore users,
            VirtualThreads blocking,
            JsonCodec json,
            AdminSecurity security,
            AuditTrail audit) {
        this.jwt = jwtAuth(vertx, config);
        this.users = users;
        this.blocking = blocking;
        this.json = json;
        this.throttle = security.throttle();
        this.audit = audit;
        this.totp = security.logins() == null
                ? null
                : new TotpService(security.logins().factors(), security.logins().clock());
        this.sessions = new SessionService(
                jwt,
                security.sessions(),
                users,
                config.accessTokenTtl(),
                config.tokenTtl(),
                Clock.systemUTC(),
                ISSUER,
                AUDIENCE);
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

    /** Where ways in other than the password login (accepting an invitation) open sessions. */
    SessionService sessions() {
        return sessions;
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
                || header.substring(BEARER.length()).isBlank()
                || header.substring(BEARER.length()).strip().chars().anyMatch(Character::isWhitespace)) {
            ctx.fail(ApiException.unauthorized(
                    "send Authorization: Bearer <token>, with the token from POST /admin/v1/auth/login"));
            return;
        }
        ctx.next();
    }

    void login(RoutingContext ctx) {
        LoginRequest login = json.read(ctx, LoginRequest.class);
        String address = AuditTrail.clientAddress(ctx);
        blocking.call(() -> {
                    Optional<Duration> locked = throttle.lockedFor(login.username(), address);
                    if (locked.isPresent()) {
                        audit.event(ctx, login.username(), "login.locked", login.username(), 429);
                        throw new LockedOut(locked.get());
                    }
                    Optional<String> username = checkCredentials(login);
                    if (username.isEmpty()) {
                        Optional<Duration> lock = throttle.failed(login.username(), address);
                        audit.event(ctx, login.username(), "login.failed", login.username(), 401);
                        if (lock.isPresent()) {
                            audit.event(ctx, login.username(), "login.lockout", login.username(), 429);
                        }
                        throw new ApiException(401, "invalid_credentials", WRONG_CREDENTIALS);
                    }
                    secondFactor(ctx, login, address, username.get());
                    throttle.succeeded(username.get());
                    SessionService.Tokens tokens = sessions.open(username.get());
                    audit.event(ctx, username.get(), "login", tokens.sessionId(), 200);
                    return tokens;
                })
                .onSuccess(tokens -> {
                    noStore(ctx);
                    Responses.json(ctx, 200, LoginResponse.of(tokens), json);
                })
                .onFailure(failure -> fail(ctx, failure));
    }

    /** With TOTP enabled the password alone is not enough: a wrong code counts as a failed login. */
    private void secondFactor(RoutingContext ctx, LoginRequest login, String address, String username) {
        if (totp == null) {
            return;
        }
        switch (totp.check(username, login.code())) {
            case NOT_ENABLED, ACCEPTED -> {}
            case MISSING -> {
                audit.event(ctx, username, "login.code_required", username, 401);
                throw new ApiException(
                        401,
                        "code_required",
                        "this admin has two-factor login: send code, the authenticator's 6 digits or a recovery code");
            }
            case REFUSED -> {
                throttle.failed(login.username(), address);
                audit.event(ctx, username, "login.code_failed", username, 401);
                throw new ApiException(401, "invalid_code", "code is wrong, expired or used already");
            }
        }
    }

    /** Opens a session for an admin who came in another way (SMS code, WeChat, OIDC). */
    SessionService.Tokens openSession(String username) {
        return sessions.open(username);
    }

    LoginThrottle throttle() {
        return throttle;
    }

    void refresh(RoutingContext ctx) {
        RefreshRequest request = json.read(ctx, RefreshRequest.class);
        blocking.call(() -> sessions.refresh(request.refreshToken()))
                .onSuccess(tokens -> {
                    noStore(ctx);
                    Responses.json(ctx, 200, LoginResponse.of(tokens), json);
                })
                .onFailure(failure -> fail(ctx, failure));
    }

    /** Ends the session of the bearer token; its access and refresh tokens stop working on every member. */
    void logout(RoutingContext ctx) {
        String username = subject(ctx);
        String sessionId = sessionId(ctx);
        blocking.call(() -> {
                    sessions.close(sessionId);
                    audit.event(ctx, username, "logout", sessionId, 204);
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    /** After the JWT check: the token's session must be active and its admin must still exist. */
    void requireSession(RoutingContext ctx) {
        String username = subject(ctx);
        String sessionId = sessionId(ctx);
        blocking.call(() -> {
                    sessions.requireActive(sessionId, username);
                    return null;
                })
                .onSuccess(ignored -> ctx.next())
                .onFailure(ctx::fail);
    }

    static void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof LockedOut locked) {
            ctx.response().putHeader("Retry-After", Long.toString(locked.retryAfterSeconds));
            ctx.fail(new ApiException(
                    429,
                    "too_many_attempts",
                    "too many failed logins; try again in " + locked.retryAfterSeconds + " s"));
            return;
        }
        ctx.fail(failure);
    }

    static void noStore(RoutingContext ctx) {
        ctx.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
    }

    private Optional<String> checkCredentials(LoginRequest login) {
        Optional<AdminUser> user = users.find(login.username());
        String stored = user.map(AdminUser::passwordHash).orElseGet(this::decoyHash);
        boolean matches = PasswordHasher.verify(login.password(), stored);
        return user.isPresent() && matches ? Optional.of(user.get().username()) : Optional.empty();
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
                    PasswordPolicy.standard()
                            .refusal("newPassword", change.newPassword(), username)
                            .ifPresent(reason -> {
                                throw new ApiException(400, "weak_password", reason);
                            });
                    if (PasswordHasher.verify(change.newPassword(), user.passwordHash())) {
                        throw new ApiException(
                                400, "password_reused", "newPassword must differ from the current password");
                    }
                    users.upsert(new AdminUser(username, PasswordHasher.hash(change.newPassword()), user.createdAt()));
                    // Every token issued before the change stops working, on every member.
                    sessions.closeAll(username);
                    audit.event(ctx, username, "password.change", username, 200);
                    return sessions.open(username);
                })
                .onSuccess(tokens -> {
                    noStore(ctx);
                    Responses.json(ctx, 200, LoginResponse.of(tokens), json);
                })
                .onFailure(ctx::fail);
    }

    static String sessionId(RoutingContext ctx) {
        return ctx.user() == null ? null : ctx.user().principal().getString(SessionService.SESSION_CLAIM);
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
