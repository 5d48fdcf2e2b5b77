package io.switchboard.runtime.access;

import io.switchboard.runtime.security.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An OIDC identity provider managed through the admin API (issue 13, Ways in): what the login flow needs
 * to send a browser to it and check its ID tokens. Its identities are {@code oidc:<id>}.
 *
 * @param issuer the issuer URL; discovery is {@code issuer + /.well-known/openid-configuration}
 * @param clientSecret sealed with the master key at rest
 * @param enabled a disabled provider is kept but not offered at login
 * @param version bumped by every update (the login flow rebuilds its client when it changes)
 */
public record OidcProvider(
        String id,
        String displayName,
        String issuer,
        String clientId,
        Secret clientSecret,
        List<String> scopes,
        boolean enabled,
        long version,
        Instant createdAt,
        Instant updatedAt) {
    public OidcProvider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        scopes = List.copyOf(scopes);
    }
}
