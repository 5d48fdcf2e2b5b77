package io.switchboard.runtime.access;

import java.time.Instant;

/**
 * An invitation to join a workspace with a role, addressed to a user name or an e-mail address (exactly
 * one of them). Only the SHA-256 hash of its token is stored; whoever holds the token may accept it once
 * before {@code expiresAt}.
 */
public record WorkspaceInvite(
        String id,
        String workspaceId,
        String username,
        String email,
        WorkspaceRole role,
        String tokenHash,
        String invitedBy,
        Instant createdAt,
        Instant expiresAt,
        Instant acceptedAt,
        String acceptedBy) {
    /** True when it can still be accepted at {@code now}. */
    public boolean pendingAt(Instant now) {
        return acceptedAt == null && now.isBefore(expiresAt);
    }
}
