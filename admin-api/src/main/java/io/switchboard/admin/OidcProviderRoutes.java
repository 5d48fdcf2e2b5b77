package io.switchboard.admin;

import io.switchboard.admin.external.IdentityProviderException;
import io.switchboard.admin.external.ManagedOidcProviders;
import io.switchboard.admin.external.OidcIdentityProvider;
import io.switchboard.runtime.access.OidcProvider;
import io.switchboard.runtime.net.FetchException;
import io.switchboard.runtime.security.Secret;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OIDC single sign-on providers managed by an administrator (issue 13, Ways in): {@code /oidc-providers}.
 * The client secret goes in, never out (replies say whether it is set, with a hint of a long one); it is
 * sealed with the master key at rest. The issuer's discovery URL is checked by the SSRF guard before it is
 * stored, and {@code POST /oidc-providers/{id}/discovery} fetches it through the guard. The login flow
 * reads the store at every login, so changes apply on every member without a restart. Every change is in
 * the audit log (the secret masked) like every other change of the admin API.
 */
final class OidcProviderRoutes {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    /** RFC 6749 scope-token: visible ASCII but space, {@code "} and {@code \}. */
    private static final Pattern SCOPE = Pattern.compile("[!#-\\[\\]-~]{1,100}");
    /** Visible ASCII, as client ids and secrets of OAuth clients are. */
    private static final Pattern VISIBLE = Pattern.compile("[!-~]+");

    private static final int HINT_MIN_SECRET_LENGTH = 16;
    private static final int MAX_SCOPES = 20;

    /**
     * Create or replace body. On replace, a missing or null {@code clientSecret} keeps the stored one and
     * the {@code id}, when given, must be the path's.
     */
    record OidcProviderRequest(
            String id,
            String displayName,
            String issuer,
            String clientId,
            String clientSecret,
            List<String> scopes,
            Boolean enabled) {
        OidcProviderRequest {
            if (id != null && !ID.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        "id must be 1-40 lower-case letters, digits or - (starting with a letter or digit)");
            }
            if (displayName != null
                    && (displayName.isEmpty()
                            || displayName.codePointCount(0, displayName.length()) > 100
                            || displayName.chars().anyMatch(Character::isISOControl))) {
                throw new IllegalArgumentException("displayName must be 1-100 characters, none a control character");
            }
            issuer = checkedIssuer(issuer);
            if (clientId == null
                    || clientId.length() > 400
                    || !VISIBLE.matcher(clientId).matches()) {
                throw new IllegalArgumentException(
                        "clientId is required: 1-400 visible ASCII characters, as the provider issued it");
            }
            if (clientSecret != null
                    && (clientSecret.length() > 1000
                            || !VISIBLE.matcher(clientSecret).matches())) {
                throw new IllegalArgumentException("clientSecret must be 1-1000 visible ASCII characters");
            }
            if (scopes != null) {
                if (scopes.size() > MAX_SCOPES) {
                    throw new IllegalArgumentException("scopes must hold at most " + MAX_SCOPES + " scopes");
                }
                Set<String> seen = new HashSet<>();
                for (String scope : scopes) {
                    if (scope == null || !SCOPE.matcher(scope).matches()) {
                        throw new IllegalArgumentException("scopes must be OAuth scope tokens (1-100 visible ASCII"
                                + " characters but space, \" and \\), e.g. openid");
                    }
                    if (!seen.add(scope)) {
                        throw new IllegalArgumentException("scopes must not repeat a scope ('" + scope + "')");
                    }
                }
                scopes = List.copyOf(scopes);
            }
        }

        private static String checkedIssuer(String issuer) {
            String rule = "issuer is required: the provider's absolute http(s) URL without query or fragment"
                    + " (at most 2000 characters), e.g. https://sso.example.com/realms/main";
            if (issuer == null || issuer.isBlank() || issuer.length() > 2000) {
                throw new IllegalArgumentException(rule);
            }
            try {
                URI uri = new URI(issuer);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("https") || scheme.equals("http"))
                        || uri.getHost() == null
                        || uri.getRawQuery() != null
                        || uri.getRawFragment() != null
                        || uri.getRawUserInfo() != null) {
                    throw new IllegalArgumentException(rule);
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(rule);
            }
            return issuer;
        }

        OidcProvider toProvider(String providerId, Secret secret) {
            return new OidcProvider(
                    providerId,
                    displayName == null ? providerId : displayName,
                    issuer,
                    clientId,
                    secret,
                    scopes == null ? List.of("openid", "profile", "email") : scopes,
                    enabled == null || enabled,
                    0,
                    null,
                    null);
        }
    }

    record OidcProviderView(
            String id,
            String key,
            String displayName,
            String issuer,
            String clientId,
            boolean clientSecretSet,
            String clientSecretHint,
            List<String> scopes,
            boolean enabled,
            String redirectUri,
            long version,
            Instant createdAt,
            Instant updatedAt) {
        static OidcProviderView of(OidcProvider provider, URI redirectUri) {
            String secret = provider.clientSecret().reveal();
            // Only long secrets get a hint: four characters of a short one would give too much away.
            String hint =
                    secret.length() >= HINT_MIN_SECRET_LENGTH ? "…" + secret.substring(secret.length() - 4) : null;
            return new OidcProviderView(
                    provider.id(),
                    "oidc:" + provider.id(),
                    provider.displayName(),
                    provider.issuer(),
                    provider.clientId(),
                    true,
                    hint,
                    provider.scopes(),
                    provider.enabled(),
                    redirectUri.toString(),
                    provider.version(),
                    provider.createdAt(),
                    provider.updatedAt());
        }
    }

    record OidcProviderList(List<OidcProviderView> items) {}

    record DiscoveryView(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri) {
        static DiscoveryView of(OidcIdentityProvider.Discovery found) {
            return new DiscoveryView(
                    found.issuer(),
                    String.valueOf(found.authorizationEndpoint()),
                    found.tokenEndpoint().toString(),
                    found.jwksUri().toString());
        }
    }

    private final ManagedOidcProviders managed;
    private final Set<String> configuredKeys;
    private final URI redirectUri;
    private final VirtualThreads blocking;
    private final JsonCodec json;

    OidcProviderRoutes(
            ManagedOidcProviders managed,
            Set<String> configuredKeys,
            URI redirectUri,
            VirtualThreads blocking,
            JsonCodec json) {
        this.managed = managed;
        this.configuredKeys = Set.copyOf(configuredKeys);
        this.redirectUri = redirectUri;
        this.blocking = blocking;
        this.json = json;
    }

    void mount(Router router) {
        router.get("/oidc-providers").handler(this::list);
        router.post("/oidc-providers").handler(this::create);
        router.get("/oidc-providers/:providerId").handler(this::get);
        router.put("/oidc-providers/:providerId").handler(this::replace);
        router.delete("/oidc-providers/:providerId").handler(this::delete);
        router.post("/oidc-providers/:providerId/discovery").handler(this::discover);
    }

    private void list(RoutingContext ctx) {
        Responses.allowQuery(ctx);
        blocking.call(() -> managed.store().list().stream()
                        .map(p -> OidcProviderView.of(p, redirectUri))
                        .toList())
                .onSuccess(items -> Responses.json(ctx, 200, new OidcProviderList(items), json))
                .onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        OidcProviderRequest request = json.read(ctx, OidcProviderRequest.class);
        if (request.id() == null) {
            throw ApiException.badRequest("id is required: 1-40 lower-case letters, digits or -, e.g. keycloak");
        }
        if (request.clientSecret() == null) {
            throw ApiException.badRequest("clientSecret is required: the secret the provider issued to this client");
        }
        if (configuredKeys.contains("oidc:" + request.id())) {
            throw new ApiException(
                    409,
                    "conflict",
                    "id '" + request.id() + "' is an OIDC provider of switchboard.yaml (login.oidc): choose another");
        }
        OidcProvider provider = request.toProvider(request.id(), Secret.of(request.clientSecret()));
        blocking.call(() -> {
                    checkDiscoveryUrl(provider.issuer());
                    OidcProvider created = managed.store().create(provider);
                    return OidcProviderView.of(created, redirectUri);
                })
                .onSuccess(view -> Responses.json(ctx, 201, view, json))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("providerId");
        blocking.call(() -> OidcProviderView.of(find(id), redirectUri))
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void replace(RoutingContext ctx) {
        String id = ctx.pathParam("providerId");
        OidcProviderRequest request = json.read(ctx, OidcProviderRequest.class);
        if (request.id() != null && !request.id().equals(id)) {
            throw ApiException.badRequest("id in the body ('" + request.id() + "') differs from the path ('" + id
                    + "'); a provider cannot be renamed");
        }
        blocking.call(() -> {
                    OidcProvider existing = find(id);
                    Secret secret = request.clientSecret() == null
                            ? existing.clientSecret()
                            : Secret.of(request.clientSecret());
                    OidcProvider provider = request.toProvider(id, secret);
                    if (!provider.issuer().equals(existing.issuer())) {
                        checkDiscoveryUrl(provider.issuer());
                    }
                    OidcProvider updated = managed.store().update(provider).orElseThrow(() -> notFound(id));
                    return OidcProviderView.of(updated, redirectUri);
                })
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("providerId");
        blocking.call(() -> {
                    if (!managed.store().delete(id)) {
                        throw notFound(id);
                    }
                    managed.forget(id);
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    /** Fetches the provider's discovery document through the SSRF guard, as the next login would. */
    private void discover(RoutingContext ctx) {
        String id = ctx.pathParam("providerId");
        blocking.call(() -> {
                    OidcProvider provider = find(id);
                    try {
                        return DiscoveryView.of(managed.client(provider).discover());
                    } catch (IdentityProviderException e) {
                        throw new ApiException(502, "provider_failed", e.getMessage());
                    }
                })
                .onSuccess(view -> Responses.json(ctx, 200, view, json))
                .onFailure(ctx::fail);
    }

    /** The SSRF guard on the discovery URL: a refused or unresolvable host is the caller's mistake (400). */
    private void checkDiscoveryUrl(String issuer) {
        URI discovery = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        try {
            managed.http().check(discovery);
        } catch (FetchException e) {
            throw ApiException.badRequest("issuer cannot be used: " + e.getMessage()
                    + (e.blocked() ? " (login.allowlist opens private addresses)" : ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("issuer cannot be used: " + e.getMessage());
        }
    }

    private OidcProvider find(String id) {
        return managed.store().find(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("OIDC provider '" + id + "' does not exist");
    }
}
