package io.switchboard.admin;

import io.switchboard.admin.sms.SmsCodes;
import io.switchboard.admin.sms.SmsException;
import io.switchboard.admin.sms.SmsPhone;
import io.switchboard.runtime.access.AdminUserStore;
import io.switchboard.runtime.access.IdentityLink;
import io.switchboard.runtime.access.IdentityLinkStore;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Phone number + SMS code: {@code POST /auth/sms/send} and {@code POST /auth/sms/login} before the token
 * check; {@code POST /auth/identities/phone/send} and {@code POST /auth/identities/phone} to link a number
 * to the logged-in admin. A login code for a number no admin has is not sent, and the answer is the same.
 */
final class SmsLoginRoutes {
    static final String PROVIDER = "phone";

    private final SmsCodes codes;
    private final IdentityLinkStore identities;
    private final AdminUserStore users;
    private final AuthRoutes auth;
    private final VirtualThreads blocking;
    private final JsonCodec json;
    private final AuditTrail audit;
    private final Clock clock;

    record SendRequest(String phone) {
        SendRequest {
            if (phone == null || phone.isBlank()) {
                throw new IllegalArgumentException("phone is required, in E.164 form (e.g. +8613800138000)");
            }
        }

        String e164() {
            return SmsPhone.normalize(phone)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "phone is not a phone number: use E.164 form, e.g. +8613800138000"));
        }
    }

    record CodeRequest(String phone, String code) {
        CodeRequest {
            new SendRequest(phone);
            if (code == null || !code.matches("[0-9]{6}")) {
                throw new IllegalArgumentException("code must be the 6 digits of the SMS");
            }
        }

        String e164() {
            return new SendRequest(phone).e164();
        }
    }

    record Sent(long expiresInSeconds, long resendAfterSeconds) {}

    SmsLoginRoutes(
            LoginMethods methods,
            AdminUserStore users,
            AuthRoutes auth,
            VirtualThreads blocking,
            JsonCodec json,
            AuditTrail audit) {
        this.codes = methods.smsCodes();
        this.identities = methods.identities();
        this.users = users;
        this.auth = auth;
        this.blocking = blocking;
        this.json = json;
        this.audit = audit;
        this.clock = methods.clock();
    }

    /** The routes before the token check. */
    void mountPublic(Router router, BodyHandler body) {
        for (String path : new String[] {"/auth/sms/send", "/auth/sms/login"}) {
            router.post(path).handler(Responses::requireJsonBody);
        }
        router.post("/auth/sms/send").handler(body).handler(this::sendLoginCode);
        router.post("/auth/sms/login").handler(body).handler(this::login);
    }

    /** The routes of a logged-in admin. */
    void mount(Router router) {
        router.post("/auth/identities/phone/send").handler(this::sendLinkCode);
        router.post("/auth/identities/phone").handler(this::link);
    }

    private void sendLoginCode(RoutingContext ctx) {
        String phone = json.read(ctx, SendRequest.class).e164();
        String address = AuditTrail.clientAddress(ctx);
        blocking.call(() -> {
                    boolean known = identities.find(PROVIDER, phone).isPresent();
                    codes.send(SmsCodes.Purpose.LOGIN, phone, address, known);
                    audit.event(ctx, SmsPhone.masked(phone), known ? "sms.sent" : "sms.unknown_number", null, 202);
                    return sent();
                })
                .onSuccess(sent -> Responses.json(ctx, 202, sent, json))
                .onFailure(failure -> fail(ctx, failure));
    }

    private void login(RoutingContext ctx) {
        CodeRequest request = json.read(ctx, CodeRequest.class);
        String phone = request.e164();
        String address = AuditTrail.clientAddress(ctx);
        String account = PROVIDER + ":" + phone;
        blocking.call(() -> {
                    Optional<Duration> locked = auth.throttle().lockedFor(account, address);
                    if (locked.isPresent()) {
                        audit.event(ctx, SmsPhone.masked(phone), "login.locked", null, 429);
                        throw new AuthRoutes.LockedOut(locked.get());
                    }
                    Optional<String> username = codes.verify(SmsCodes.Purpose.LOGIN, phone, request.code())
                            ? identities
                                    .find(PROVIDER, phone)
                                    .map(IdentityLink::username)
                                    .filter(u -> users.find(u).isPresent())
                            : Optional.empty();
                    if (username.isEmpty()) {
                        auth.throttle().failed(account, address);
                        audit.event(ctx, SmsPhone.masked(phone), "login.sms_failed", null, 401);
                        throw new ApiException(401, "invalid_code", "code is wrong, expired or used already");
                    }
                    auth.throttle().succeeded(account);
                    var tokens = auth.openSession(username.get());
                    audit.event(ctx, username.get(), "login.sms", tokens.sessionId(), 200);
                    return tokens;
                })
                .onSuccess(tokens -> {
                    AuthRoutes.noStore(ctx);
                    Responses.json(ctx, 200, AuthRoutes.LoginResponse.of(tokens), json);
                })
                .onFailure(failure -> fail(ctx, failure));
    }

    private void sendLinkCode(RoutingContext ctx) {
        String phone = json.read(ctx, SendRequest.class).e164();
        String username = AuthRoutes.subject(ctx);
        String address = AuditTrail.clientAddress(ctx);
        blocking.call(() -> {
                    if (identities.find(PROVIDER, phone).isPresent()) {
                        throw new ApiException(409, "conflict", "this phone number is linked to an admin already");
                    }
                    codes.send(SmsCodes.Purpose.LINK, phone, address);
                    audit.event(ctx, username, "sms.sent", SmsPhone.masked(phone), 202);
                    return sent();
                })
                .onSuccess(sent -> Responses.json(ctx, 202, sent, json))
                .onFailure(failure -> fail(ctx, failure));
    }

    private void link(RoutingContext ctx) {
        CodeRequest request = json.read(ctx, CodeRequest.class);
        String phone = request.e164();
        String username = AuthRoutes.subject(ctx);
        blocking.call(() -> {
                    if (!codes.verify(SmsCodes.Purpose.LINK, phone, request.code())) {
                        audit.event(ctx, username, "identity.link_failed", SmsPhone.masked(phone), 400);
                        throw new ApiException(400, "invalid_code", "code is wrong, expired or used already");
                    }
                    IdentityLink link = new IdentityLink(PROVIDER, phone, username, null, clock.instant());
                    identities.link(link);
                    audit.event(ctx, username, "identity.link", PROVIDER + ":" + SmsPhone.masked(phone), 201);
                    return IdentityRoutes.Identity.of(link);
                })
                .onSuccess(link -> Responses.json(ctx, 201, link, json))
                .onFailure(ctx::fail);
    }

    private Sent sent() {
        return new Sent(
                codes.policy().codeTtl().toSeconds(),
                codes.policy().resendInterval().toSeconds());
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        switch (failure) {
            case SmsCodes.RateLimited limited -> {
                long seconds = Math.max(1, (limited.retryAfter().toMillis() + 999) / 1000);
                ctx.response().putHeader("Retry-After", Long.toString(seconds));
                ctx.fail(new ApiException(
                        429, "too_many_codes", limited.getMessage() + "; try again in " + seconds + " s"));
            }
            case SmsException sms ->
                ctx.fail(new ApiException(502, "sms_failed", "the SMS could not be sent: " + sms.getMessage()));
            default -> AuthRoutes.fail(ctx, failure);
        }
    }
}
