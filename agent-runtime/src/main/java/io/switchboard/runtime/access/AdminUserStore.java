package io.switchboard.runtime.access;

import java.util.Optional;

/** Administrators. Blocking: call from a virtual thread. */
public interface AdminUserStore {
    Optional<AdminUser> find(String username);

    /** Inserts, or replaces the password hash of an existing user. */
    void upsert(AdminUser user);

    long count();

    /** Removes the user; false when there was none. Their sessions stop working at once. */
    boolean delete(String username);
}
