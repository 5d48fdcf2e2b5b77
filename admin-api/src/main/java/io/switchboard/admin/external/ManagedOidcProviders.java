package io.switchboard.admin.external;

import io.switchboard.runtime.access.OidcProvider;
import io.switchboard.runtime.access.OidcProviderStore;
import io.switchboard.runtime.net.SafeHttpClient;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OIDC providers managed through the admin API (issue 13, Ways in), as {@link IdentityProvider}s for
 * the login flow. Every lookup reads the store, so a provider added, changed or removed on any cluster
 * member is used by the next login everywhere without a restart; the client (with its cached discovery
 * document and keys) is kept while the stored version stays the same. Blocking: call from a virtual thread.
 */
public final class ManagedOidcProviders {
    private static final String PREFIX = "oidc:";

    private final OidcProviderStore store;
    private final SafeHttpClient http;
    private final Clock clock;
    private final Map<String, Built> clients = new ConcurrentHashMap<>();

    private record Built(long version, OidcIdentityProvider provider) {}

    /** @param http the SSRF-guarded client every call to the providers goes through */
    public ManagedOidcProviders(OidcProviderStore store, SafeHttpClient http, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public OidcProviderStore store() {
        return store;
    }

    /** The guarded client: the admin API checks a new issuer's discovery URL with it before storing it. */
    public SafeHttpClient http() {
        return http;
    }

    /** The enabled providers, by id. */
    public List<IdentityProvider> enabled() {
        return store.list().stream()
                .filter(OidcProvider::enabled)
                .map(p -> (IdentityProvider) client(p))
                .toList();
    }

    /** The enabled provider of a key ({@code oidc:<id>}), if any. */
    public Optional<IdentityProvider> find(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return store.find(key.substring(PREFIX.length()))
                .filter(OidcProvider::enabled)
                .map(this::client);
    }

    /** A client of this stored provider (also a disabled one), to try its discovery. */
    public OidcIdentityProvider client(OidcProvider provider) {
        Built built = clients.compute(
                provider.id(),
                (id, old) -> old != null && old.version() == provider.version()
                        ? old
                        : new Built(provider.version(), new OidcIdentityProvider(config(provider), http, clock)));
        return built.provider();
    }

    /** Forgets the client of a removed provider. */
    public void forget(String id) {
        clients.remove(id);
    }

    private static OidcIdentityProvider.Config config(OidcProvider provider) {
        return new OidcIdentityProvider.Config(
                provider.id(),
                provider.displayName(),
                URI.create(provider.issuer()),
                provider.clientId(),
                provider.clientSecret(),
                provider.scopes());
    }
}
