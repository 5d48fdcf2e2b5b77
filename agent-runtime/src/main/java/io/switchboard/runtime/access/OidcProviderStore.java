package io.switchboard.runtime.access;

import java.util.List;
import java.util.Optional;

/** OIDC providers managed through the admin API. Blocking: call from a virtual thread. */
public interface OidcProviderStore {
    /** Every provider, by id. */
    List<OidcProvider> list();

    Optional<OidcProvider> find(String id);

    /**
     * Stores a new provider at version 1 ({@code version}, {@code createdAt} and {@code updatedAt} of the
     * argument are ignored).
     *
     * @throws io.switchboard.runtime.ConflictException when the id is taken
     */
    OidcProvider create(OidcProvider provider);

    /** Replaces a provider and bumps its version; empty when it does not exist. */
    Optional<OidcProvider> update(OidcProvider provider);

    /** False when it did not exist. */
    boolean delete(String id);
}
