package io.switchboard.admin.external;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.switchboard.runtime.net.FetchException;
import io.switchboard.runtime.net.HttpCall;
import io.switchboard.runtime.net.HttpResult;
import io.switchboard.runtime.net.SafeHttpClient;
import io.switchboard.runtime.security.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OpenID Connect single sign-on (Keycloak, Azure AD / Entra ID, Authing, …) with Nimbus oauth2-oidc-sdk:
 * discovery ({@code /.well-known/openid-configuration}, its issuer must be the configured one), the
 * authorization code flow with PKCE (S256) and a nonce, the code traded at the token endpoint with
 * {@code client_secret_basic}, and the ID token checked by Nimbus's {@code IDTokenValidator}: RS256
 * signature against the provider's JWKS (fetched again once when a key is unknown, for key rotation),
 * issuer, audience, expiry and nonce. Every call goes through the SSRF guard; metadata and keys are
 * cached for an hour.
 */
public final class OidcIdentityProvider implements IdentityProvider {
    private static final Duration CACHE = Duration.ofHours(1);

    private final Config config;
    private final SafeHttpClient http;
    private final Clock clock;
    private volatile Cached<OIDCProviderMetadata> metadata;
    private volatile Cached<JWKSet> keys;

    private record Cached<T>(T value, Instant fetchedAt) {}

    /**
     * @param id a short name ({@code keycloak}); the identities are {@code oidc:<id>}
     * @param issuer the issuer URL; discovery is {@code issuer + /.well-known/openid-configuration}
     * @param scopes asked for; {@code openid} is added when missing
     */
    public record Config(
            String id, String displayName, URI issuer, String clientId, Secret clientSecret, List<String> scopes) {
        public Config {
            if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                throw new IllegalArgumentException(
                        "login.oidc[].id must be 1-40 lower-case letters, digits or -, e.g. keycloak");
            }
            if (issuer == null || !issuer.isAbsolute() || issuer.getHost() == null) {
                throw new IllegalArgumentException("login.oidc[" + id + "].issuer must be an absolute http(s) URL");
            }
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("login.oidc[" + id + "].clientId is required");
            }
            Objects.requireNonNull(clientSecret, "login.oidc[" + id + "].clientSecret is required");
            displayName = displayName == null || displayName.isBlank() ? id : displayName;
            scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile", "email") : List.copyOf(scopes);
            if (!scopes.contains("openid")) {
                scopes = java.util.stream.Stream.concat(java.util.stream.Stream.of("openid"), scopes.stream())
                        .toList();
            }
        }
    }

    public OidcIdentityProvider(Config config, SafeHttpClient http, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String key() {
        return "oidc:" + config.id();
    }

    @Override
    public String displayName() {
        return config.displayName();
    }

    /** What discovery found (the endpoints of the provider). */
    public record Discovery(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri) {}

    /**
     * Fetches (or takes from the cache) the discovery document, checked as a login would check it.
     *
     * @throws IdentityProviderException when it cannot be fetched or is not this issuer's metadata
     */
    public Discovery discover() {
        OIDCProviderMetadata provider = metadata();
        return new Discovery(
                provider.getIssuer().getValue(),
                provider.getAuthorizationEndpointURI(),
                provider.getTokenEndpointURI(),
                provider.getJWKSetURI());
    }

    @Override
    public Start start(String state, URI redirectUri) {
        OIDCProviderMetadata provider = metadata();
        CodeVerifier verifier = new CodeVerifier();
        Nonce nonce = new Nonce();
        URI url = new AuthenticationRequest.Builder(
                        ResponseType.CODE,
                        new Scope(config.scopes().toArray(String[]::new)),
                        new ClientID(config.clientId()),
                        redirectUri)
                .endpointURI(provider.getAuthorizationEndpointURI())
                .state(new State(state))
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
        return new Start(url, Map.of("nonce", nonce.getValue(), "verifier", verifier.getValue()));
    }

    @Override
    public ExternalIdentity complete(String code, Map<String, String> remembered, URI redirectUri) {
        OIDCProviderMetadata provider = metadata();
        TokenRequest request = new TokenRequest(
                provider.getTokenEndpointURI(),
                new ClientSecretBasic(
                        new ClientID(config.clientId()),
                        new com.nimbusds.oauth2.sdk.auth.Secret(
                                config.clientSecret().reveal())),
                new AuthorizationCodeGrant(
                        new AuthorizationCode(code), redirectUri, new CodeVerifier(remembered.get("verifier"))));
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(send(request.toHTTPRequest()));
        } catch (ParseException e) {
            throw new IdentityProviderException(
                    config.id() + ": the token endpoint's answer is not an OIDC token response");
        }
        if (!response.indicatesSuccess()) {
            var error = response.toErrorResponse().getErrorObject();
            throw IdentityProviderException.refusedLogin(
                    config.id() + ": the token endpoint refused the code: " + error.getCode());
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse())
                .getOIDCTokens()
                .getIDToken();
        if (idToken == null) {
            throw new IdentityProviderException(config.id() + ": the token response has no id_token");
        }
        IDTokenClaimsSet claims = validate(provider, idToken, new Nonce(remembered.get("nonce")), false);
        Object name = claims.getClaim("name");
        Object preferred = claims.getClaim("preferred_username");
        Object email = claims.getClaim("email");
        Object shown = name != null ? name : preferred != null ? preferred : email;
        return new ExternalIdentity(claims.getSubject().getValue(), shown == null ? null : shown.toString());
    }

    private IDTokenClaimsSet validate(OIDCProviderMetadata provider, JWT idToken, Nonce nonce, boolean refetched) {
        IDTokenValidator validator = new IDTokenValidator(
                provider.getIssuer(), new ClientID(config.clientId()), JWSAlgorithm.RS256, keys(provider, refetched));
        try {
            return validator.validate(idToken, nonce);
        } catch (BadJOSEException e) {
            if (!refetched && e.getMessage() != null && e.getMessage().contains("matching key")) {
                return validate(provider, idToken, nonce, true); // the provider may have rotated its keys
            }
            throw IdentityProviderException.refusedLogin(config.id() + ": the ID token was refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw new IdentityProviderException(config.id() + ": the ID token could not be checked", e);
        }
    }

    private OIDCProviderMetadata metadata() {
        Cached<OIDCProviderMetadata> cached = metadata;
        if (cached != null && cached.fetchedAt().plus(CACHE).isAfter(clock.instant())) {
            return cached.value();
        }
        String base = config.issuer().toString().replaceAll("/+$", "");
        HttpResult result = get(URI.create(base + "/.well-known/openid-configuration"));
        OIDCProviderMetadata parsed;
        try {
            parsed = OIDCProviderMetadata.parse(result.text());
        } catch (ParseException e) {
            throw new IdentityProviderException(config.id() + ": the discovery document is not OIDC provider metadata");
        }
        if (!parsed.getIssuer().equals(new Issuer(config.issuer().toString()))
                && !parsed.getIssuer().equals(new Issuer(base))) {
            throw new IdentityProviderException(
                    config.id() + ": the discovery document names another issuer: " + parsed.getIssuer());
        }
        if (parsed.getTokenEndpointURI() == null || parsed.getJWKSetURI() == null) {
            throw new IdentityProviderException(
                    config.id() + ": the discovery document lacks token_endpoint or jwks_uri");
        }
        metadata = new Cached<>(parsed, clock.instant());
        return parsed;
    }

    private JWKSet keys(OIDCProviderMetadata provider, boolean refetch) {
        Cached<JWKSet> cached = keys;
        if (!refetch && cached != null && cached.fetchedAt().plus(CACHE).isAfter(clock.instant())) {
            return cached.value();
        }
        try {
            JWKSet set = JWKSet.parse(get(provider.getJWKSetURI()).text());
            keys = new Cached<>(set, clock.instant());
            return set;
        } catch (java.text.ParseException e) {
            throw new IdentityProviderException(config.id() + ": the JWKS is not a JSON Web Key Set");
        }
    }

    private HttpResult get(URI uri) {
        HttpResult result;
        try {
            result = http.send(new HttpCall("GET", uri, Map.of("Accept", "application/json"), null));
        } catch (FetchException e) {
            throw new IdentityProviderException(config.id() + ": " + e.getMessage());
        }
        if (!result.successful()) {
            throw new IdentityProviderException(
                    config.id() + ": " + uri.getPath() + " answered HTTP " + result.status());
        }
        return result;
    }

    /** Sends a Nimbus request through the SSRF guard and hands the answer back to Nimbus. */
    private HTTPResponse send(HTTPRequest request) {
        Map<String, String> headers = new HashMap<>();
        request.getHeaderMap().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        HttpResult result;
        try {
            result = http.send(new HttpCall(
                    request.getMethod().name(),
                    request.getURI(),
                    headers,
                    request.getBody() == null ? null : request.getBody().getBytes(StandardCharsets.UTF_8)));
        } catch (FetchException e) {
            throw new IdentityProviderException(config.id() + ": " + e.getMessage());
        }
        HTTPResponse response = new HTTPResponse(result.status());
        String type = result.header("content-type");
        try {
            if (type != null) {
                response.setContentType(type);
            }
        } catch (ParseException e) {
            throw new IdentityProviderException(config.id() + ": the token endpoint sent a bad Content-Type");
        }
        response.setContent(result.text());
        return response;
    }
}
