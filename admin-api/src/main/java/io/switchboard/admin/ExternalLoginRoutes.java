package io.switchboard.admin;

import io.switchboard.admin.external.ExternalIdentity;
import io.switchboard.admin.external.IdentityProvider;
import io.switchboard.admin.external.IdentityProviderException;
import io.switchboard.admin.external.ManagedOidcProviders;
import io.switchboard.runtime.access.AdminUserStore;
import io.switchboard.runtime.access.IdentityLink;
import io.switchboard.runtime.access.IdentityLinkStore;
import io.switchboard.runtime.access.LoginChallenge;
import io.switchboard.runtime.access.LoginChallengeStore;
import io.switchboard.threads.VirtualThreads;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Logins through an outside identity provider (OIDC, WeChat QR, WeCom): {@code POST /auth/external/start}
 * answers where to send the browser and remembers a random {@code state} (10 minutes, once, in the
 * database so any member takes the callback); {@code GET /auth/external/callback} checks the state, lets
 * the provider turn the code into an identity, and sends the browser to the console with a one-time
 * ticket (2 minutes) that {@code POST /auth/exchange} trades for tokens, so no token ever sits in a URL.
 * A logged-in admin links an identity the same way through {@code POST /auth/identities/external/start}.
 */
final class ExternalLoginRoutes {
    static final String CALLBACK = "/auth/external/callback";
    private static final Duration STATE_TTL = Duration.ofMinutes(10);
    private static final Duration TICKET_TTL = Duration.ofMinutes(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, IdentityProvider> providers = new LinkedHashMap<>();
    private final ManagedOidcProviders managed;
    private final LoginChallengeStore challenges;
    private final IdentityLinkStore identities;
    private final AdminUserStore users;
    private final AuthRoutes auth;
    private final VirtualThreads blocking;
    private final JsonCodec json;
    private final AuditTrail audit;
    private final Clock clock;
    private final URI redirectUri;
    private final String consoleUrl;
    private final String smsProvider;

    record StartRequest(String provider) {
        StartRequest {
            if (provider == null || provider.isBlank() || provider.codePointCount(0, provider.length()) > 64) {
                throw new IllegalArgumentException("provider is required: one of the keys GET /auth/methods lists");
            }
        }
    }

    record Started(String provider, String authorizationUrl) {}

    record ExchangeRequest(String ticket) {
        ExchangeRequest {
            if (ticket == null || ticket.isBlank() || ticket.codePointCount(0, ticket.length()) > 100) {
                throw new IllegalArgumentException("ticket is required: the one the callback put in the console URL");
            }
        }
    }

    record Provider(String key, String displayName) {}

    record Methods(boolean password, String sms, List<Provider> providers) {}

    ExternalLoginRoutes(
            LoginMethods methods,
            AdminUserStore users,
            AuthRoutes auth,
            VirtualThreads blocking,
            JsonCodec json,
            AuditTrail audit) {
        methods.providers().forEach(p -> providers.put(p.key(), p));
        this.managed = methods.managedOidc();
        this.challenges = methods.challenges();
        this.identities = methods.identities();
        this.users = users;
        this.auth = auth;
        this.blocking = blocking;
        this.json = json;
        this.audit = audit;
        this.clock = methods.clock();
        String base = methods.publicUrl().toString().replaceAll("/+$", "");
        this.redirectUri = URI.create(base + AdminApi.MOUNT_PATH + CALLBACK);
        this.consoleUrl = base + "/console";
        this.smsProvider = methods.sms().name();
    }

    void mountPublic(Router router, BodyHandler body) {
        router.get("/auth/methods").handler(this::methods);
        router.get(CALLBACK).handler(this::callback);
        for (String path : new String[] {"/auth/external/start", "/auth/exchange"}) {
            router.post(path).handler(Responses::requireJsonBody);
        }
        router.post("/auth/external/start").handler(body).handler(ctx -> start(ctx, null));
        router.post("/auth/exchange").handler(body).handler(this::exchange);
    }

    void mount(Router router) {
        router.post("/auth/identities/external/start").handler(ctx -> start(ctx, AuthRoutes.subject(ctx)));
    }

    /** The redirect URI to register at every provider. */
    URI redirectUri() {
        return redirectUri;
    }

    /** The configured providers, then the enabled managed ones. Blocking (reads the store). */
    private List<IdentityProvider> all() {
        return managed == null
                ? List.copyOf(providers.values())
                : Stream.concat(providers.values().stream(), managed.enabled().stream())
                        .toList();
    }

    /** A configured provider, else an enabled managed one. Blocking (reads the store). */
    private Optional<IdentityProvider> provider(String key) {
        IdentityProvider configured = providers.get(key);
        if (configured != null || managed == null) {
            return Optional.ofNullable(configured);
        }
        return managed.find(key);
    }

    private void methods(RoutingContext ctx) {
        Responses.allowQuery(ctx);
        blocking.call(() -> all().stream()
                        .map(p -> new Provider(p.key(), p.displayName()))
                        .toList())
                .onSuccess(list -> Responses.json(ctx, 200, new Methods(true, smsProvider, list), json))
                .onFailure(ctx::fail);
    }

    /** {@code linkTo}: the logged-in admin who links the identity; null for a login. */
    private void start(RoutingContext ctx, String linkTo) {
        StartRequest request = json.read(ctx, StartRequest.class);
        String state = random();
        blocking.call(() -> {
                    IdentityProvider provider = provider(request.provider()).orElseThrow(() -> {
                        List<String> keys =
                                all().stream().map(IdentityProvider::key).toList();
                        return ApiException.badRequest("provider '" + request.provider()
                                + "' is not configured; configured: "
                                + (keys.isEmpty() ? "none" : String.join(", ", keys)));
                    });
                    IdentityProvider.Start start = provider.start(state, redirectUri);
                    JsonObject payload = new JsonObject()
                            .put("provider", provider.key())
                            .put("linkTo", linkTo)
                            .put("remember", new JsonObject(new HashMap<>(start.remember())));
                    challenges.put(
                            "state:" + state,
                            "external",
                            payload.encode(),
                            clock.instant().plus(STATE_TTL));
                    return new Started(provider.key(), start.authorizationUrl().toString());
                })
                .onSuccess(started -> {
                    AuthRoutes.noStore(ctx);
                    Responses.json(ctx, 200, started, json);
                })
                .onFailure(failure -> fail(ctx, failure));
    }

    private void callback(RoutingContext ctx) {
        String state = ctx.queryParams().get("state");
        String code = ctx.queryParams().get("code");
        String error = ctx.queryParams().get("error");
        if (state == null || state.isBlank() || state.codePointCount(0, state.length()) > 100) {
            ctx.fail(ApiException.badRequest("state is missing: start the login at POST /auth/external/start"));
            return;
        }
        blocking.call(() -> {
                    LoginChallenge challenge = challenges
                            .find("state:" + state)
                            .filter(c -> c.kind().equals("external") && !c.expiredAt(clock.instant()))
                            .orElseThrow(() -> new ApiException(
                                    400, "invalid_state", "state is unknown, used or expired: start the login again"));
                    if (!challenges.consume(challenge.id(), challenge.version())) {
                        throw new ApiException(400, "invalid_state", "state was used already: start the login again");
                    }
                    JsonObject payload = new JsonObject(challenge.payload());
                    IdentityProvider provider = provider(payload.getString("provider"))
                            .orElseThrow(() -> new ApiException(
                                    400, "invalid_state", "the provider of this login is no longer configured"));
                    if (error != null
                            || code == null
                            || code.isBlank()
                            || code.codePointCount(0, code.length()) > 512) {
                        audit.event(ctx, provider.key(), "login.external_cancelled", null, 400);
                        throw ApiException.badRequest("code is missing: the login was cancelled or refused at "
                                + provider.displayName() + (error == null ? "" : " (" + error + ")"));
                    }
                    Map<String, String> remembered = new HashMap<>();
                    payload.getJsonObject("remember")
                            .forEach(e -> remembered.put(e.getKey(), String.valueOf(e.getValue())));
                    ExternalIdentity identity;
                    try {
                        identity = provider.complete(code, remembered, redirectUri);
                    } catch (IdentityProviderException e) {
                        audit.event(ctx, provider.key(), "login.external_failed", null, e.refused() ? 401 : 502);
                        throw e;
                    }
                    String linkTo = payload.getString("linkTo");
                    if (linkTo != null) {
                        identities.link(new IdentityLink(
                                provider.key(), identity.subject(), linkTo, identity.displayName(), clock.instant()));
                        audit.event(ctx, linkTo, "identity.link", provider.key() + ":" + identity.subject(), 302);
                        return consoleUrl + "/?linked=" + URLEncoder.encode(provider.key(), StandardCharsets.UTF_8);
                    }
                    String username = identities
                            .find(provider.key(), identity.subject())
                            .map(IdentityLink::username)
                            .filter(u -> users.find(u).isPresent())
                            .orElseThrow(() -> {
                                audit.event(
                                        ctx, provider.key() + ":" + identity.subject(), "login.not_linked", null, 403);
                                return new ApiException(
                                        403,
                                        "not_linked",
                                        "this " + provider.displayName() + " account is linked to no admin: log in"
                                                + " another way and link it, or ask an administrator to");
                            });
                    String ticket = random();
                    challenges.put(
                            "ticket:" + ticket,
                            "ticket",
                            username,
                            clock.instant().plus(TICKET_TTL));
                    audit.event(ctx, username, "login.external", provider.key(), 302);
                    return consoleUrl + "/login?ticket=" + ticket;
                })
                .onSuccess(location -> {
                    AuthRoutes.noStore(ctx);
                    ctx.response()
                            .setStatusCode(302)
                            .putHeader("Location", location)
                            .end();
                })
                .onFailure(failure -> fail(ctx, failure));
    }

    private void exchange(RoutingContext ctx) {
        ExchangeRequest request = json.read(ctx, ExchangeRequest.class);
        blocking.call(() -> {
                    String id = "ticket:" + request.ticket();
                    LoginChallenge ticket = challenges
                            .find(id)
                            .filter(c -> c.kind().equals("ticket") && !c.expiredAt(clock.instant()))
                            .orElseThrow(() ->
                                    new ApiException(401, "invalid_ticket", "ticket is unknown, used or expired"));
                    if (!challenges.consume(id, ticket.version())
                            || users.find(ticket.payload()).isEmpty()) {
                        throw new ApiException(401, "invalid_ticket", "ticket is unknown, used or expired");
                    }
                    var tokens = auth.openSession(ticket.payload());
                    audit.event(ctx, ticket.payload(), "login", tokens.sessionId(), 200);
                    return tokens;
                })
                .onSuccess(tokens -> {
                    AuthRoutes.noStore(ctx);
                    Responses.json(ctx, 200, AuthRoutes.LoginResponse.of(tokens), json);
                })
                .onFailure(failure -> fail(ctx, failure));
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof IdentityProviderException provider) {
            ctx.fail(
                    provider.refused()
                            ? new ApiException(401, "login_refused", provider.getMessage())
                            : new ApiException(502, "provider_failed", provider.getMessage()));
            return;
        }
        ctx.fail(failure);
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
