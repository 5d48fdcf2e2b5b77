package io.switchboard.runtime.access;

import java.util.List;
import java.util.Optional;

/** Identities linked to admins. Blocking: call from a virtual thread. */
public interface IdentityLinkStore {
    Optional<IdentityLink> find(String provider, String subject);

    List<IdentityLink> ofUser(String username);

    /**
     * Links an identity.
     *
     * @throws io.switchboard.runtime.ConflictException when the identity is linked already (to anyone)
     */
    void link(IdentityLink link);

    /** Unlinks; false when it was not linked to {@code username}. */
    boolean unlink(String provider, String subject, String username);

    /** Unlinks every identity of a removed admin. */
    int unlinkAll(String username);
}
