package io.switchboard.runtime.access;

import java.time.Instant;

/**
 * One login of an administrator. Access tokens name it by {@code id}; {@code refreshHash} is the SHA-256
 * (hex) of the current refresh token; a revoked or expired session opens nothing.
 */
public record AdminSession(
        String id, String username, String refreshHash, Instant createdAt, Instant expiresAt, Instant revokedAt) {

    /** Neither revoked nor expired at {@code now}. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
