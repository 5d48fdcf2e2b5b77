package io.switchboard.runtime.access;

import java.time.Instant;

/** A user's membership of a workspace. */
public record WorkspaceMember(String workspaceId, String username, WorkspaceRole role, Instant addedAt) {}
