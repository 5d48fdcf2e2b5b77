package io.switchboard.runtime.access;

import java.time.Instant;
import java.util.Optional;

/** Admin sessions, shared by every gateway member through the database. Blocking: call from a virtual thread. */
public interface AdminSessionStore {
    void create(AdminSession session);

    Optional<AdminSession> find(String id);

    /**
     * Replaces the refresh hash if the session is active and still holds {@code expectedHash} (a refresh
     * token is used once).
     *
     * @return false when the session is gone, revoked, expired or was refreshed with that token already
     */
    boolean rotate(String id, String expectedHash, String newHash, Instant now);

    void revoke(String id, Instant now);

    /** Revokes every session of {@code username}; returns how many were active. */
    int revokeAll(String username, Instant now);

    /** Deletes sessions that expired before {@code before}. */
    int deleteExpired(Instant before);
}
