package io.switchboard.admin;

import io.switchboard.admin.access.TotpService;
import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.AdminUserStore;
import io.switchboard.runtime.access.PasswordHasher;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The logged-in admin's second factor: {@code GET /auth/totp} (status), {@code POST /auth/totp} (start an
 * enrolment, with the password), {@code POST /auth/totp/confirm} (enable with a first code; answers the
 * recovery codes once), {@code POST /auth/totp/recovery-codes} (new ones, with a code) and
 * {@code POST /auth/totp/disable} (with the password and a code). Each change is audited.
 */
final class TotpRoutes {
    private final TotpService totp;
    private final AdminUserStore users;
    private final VirtualThreads blocking;
    private final JsonCodec json;
    private final AuditTrail audit;

    record PasswordBody(String password) {
        PasswordBody {
            if (password == null || password.isEmpty() || password.codePointCount(0, password.length()) > 1024) {
                throw new IllegalArgumentException("password (your current password) is required");
            }
        }
    }

    record CodeBody(String code) {
        CodeBody {
            if (code == null || code.isBlank() || code.codePointCount(0, code.length()) > 64) {
                throw new IllegalArgumentException("code is required: the authenticator's 6 digits");
            }
        }
    }

    record DisableBody(String password, String code) {
        DisableBody {
            new PasswordBody(password);
            new CodeBody(code);
        }
    }

    record Status(boolean enabled, boolean pending, int unusedRecoveryCodes) {}

    record RecoveryCodes(List<String> recoveryCodes) {}

    TotpRoutes(TotpService totp, AdminUserStore users, VirtualThreads blocking, JsonCodec json, AuditTrail audit) {
        this.totp = totp;
        this.users = users;
        this.blocking = blocking;
        this.json = json;
        this.audit = audit;
    }

    void mount(Router router) {
        router.get("/auth/totp").handler(this::status);
        router.post("/auth/totp").handler(this::begin);
        router.post("/auth/totp/confirm").handler(this::confirm);
        router.post("/auth/totp/recovery-codes").handler(this::recoveryCodes);
        router.post("/auth/totp/disable").handler(this::disable);
    }

    private void status(RoutingContext ctx) {
        String username = AuthRoutes.subject(ctx);
        blocking.call(() -> {
                    boolean enabled = totp.enabled(username);
                    return new Status(enabled, !enabled && totp.pending(username), totp.unusedRecoveryCodes(username));
                })
                .onSuccess(status -> Responses.json(ctx, 200, status, json))
                .onFailure(ctx::fail);
    }

    private void begin(RoutingContext ctx) {
        PasswordBody body = json.read(ctx, PasswordBody.class);
        String username = AuthRoutes.subject(ctx);
        blocking.call(() -> {
                    requirePassword(username, body.password());
                    if (totp.enabled(username)) {
                        throw new ApiException(
                                409,
                                "totp_enabled",
                                "two-factor login is on already; disable it before enrolling again");
                    }
                    TotpService.Enrolment enrolment = totp.begin(username);
                    audit.event(ctx, username, "totp.enrol", username, 200);
                    return enrolment;
                })
                .onSuccess(enrolment -> {
                    ctx.response().putHeader("Cache-Control", "no-store");
                    Responses.json(ctx, 200, enrolment, json);
                })
                .onFailure(ctx::fail);
    }

    private void confirm(RoutingContext ctx) {
        CodeBody body = json.read(ctx, CodeBody.class);
        String username = AuthRoutes.subject(ctx);
        blocking.call(() -> {
                    List<String> codes;
                    try {
                        codes = totp.confirm(username, body.code());
                    } catch (IllegalStateException e) {
                        throw new ApiException(409, "no_enrolment", e.getMessage());
                    } catch (IllegalArgumentException e) {
                        audit.event(ctx, username, "totp.confirm_failed", username, 400);
                        throw new ApiException(400, "invalid_code", e.getMessage());
                    }
                    audit.event(ctx, username, "totp.enable", username, 200);
                    return new RecoveryCodes(codes);
                })
                .onSuccess(codes -> {
                    ctx.response().putHeader("Cache-Control", "no-store");
                    Responses.json(ctx, 200, codes, json);
                })
                .onFailure(ctx::fail);
    }

    private void recoveryCodes(RoutingContext ctx) {
        CodeBody body = json.read(ctx, CodeBody.class);
        String username = AuthRoutes.subject(ctx);
        blocking.call(() -> {
                    requireCode(ctx, username, body.code());
                    List<String> codes = totp.regenerateRecoveryCodes(username);
                    audit.event(ctx, username, "totp.recovery_codes", username, 200);
                    return new RecoveryCodes(codes);
                })
                .onSuccess(codes -> {
                    ctx.response().putHeader("Cache-Control", "no-store");
                    Responses.json(ctx, 200, codes, json);
                })
                .onFailure(ctx::fail);
    }

    private void disable(RoutingContext ctx) {
        DisableBody body = json.read(ctx, DisableBody.class);
        String username = AuthRoutes.subject(ctx);
        blocking.call(() -> {
                    requirePassword(username, body.password());
                    requireCode(ctx, username, body.code());
                    totp.disable(username);
                    audit.event(ctx, username, "totp.disable", username, 204);
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private void requirePassword(String username, String password) {
        AdminUser user = users.find(username)
                .orElseThrow(() -> ApiException.unauthorized("the logged-in admin no longer exists"));
        if (!PasswordHasher.verify(password, user.passwordHash())) {
            throw new ApiException(400, "wrong_password", "password is wrong");
        }
    }

    private void requireCode(RoutingContext ctx, String username, String code) {
        switch (totp.check(username, code)) {
            case ACCEPTED -> {}
            case NOT_ENABLED -> throw new ApiException(409, "totp_disabled", "two-factor login is not on");
            case MISSING, REFUSED -> {
                audit.event(ctx, username, "totp.code_failed", username, 400);
                throw new ApiException(400, "invalid_code", "code is wrong, expired or used already");
            }
        }
    }
}
