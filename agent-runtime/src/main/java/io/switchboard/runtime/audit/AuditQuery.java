package io.switchboard.runtime.audit;

import java.time.Instant;

/**
 * Filters of the audit log; null means any. Newest first, {@code offset}/{@code limit} paging.
 *
 * @param workspaceId only the entries made in this workspace, or null for every entry
 */
public record AuditQuery(
        String workspaceId,
        String actor,
        String action,
        String resource,
        String resourceId,
        Instant from,
        Instant to,
        int offset,
        int limit) {}
