package io.switchboard.runtime.access;

import java.util.Optional;

/** Administrators. Blocking: call from a virtual thread. */
public interface AdminUserStore {
    Optional<AdminUser> find(String username);

    /** Inserts, or replaces the password hash of an existing user. */
    void upsert(AdminUser user);

    long count();
}
