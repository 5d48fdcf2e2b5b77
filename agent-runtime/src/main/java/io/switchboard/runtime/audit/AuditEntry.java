package io.switchboard.runtime.audit;

import java.time.Instant;

/**
 * One recorded action: who ({@code actor}, an admin username or {@code anonymous}), when, from where (client
 * address), what ({@code action} such as {@code create}/{@code update}/{@code delete}/{@code login.failed},
 * {@code resource} and {@code resourceId}, the request {@code path} and the answer's {@code status}), and the
 * resource's state before and after as JSON with secrets masked (null when there is none), and the
 * workspace it happened in ({@code workspaceId}; null for what belongs to none, such as logins).
 */
public record AuditEntry(
        long id,
        Instant at,
        String actor,
        String address,
        String action,
        String resource,
        String resourceId,
        String path,
        int status,
        String before,
        String after,
        String workspaceId) {}
