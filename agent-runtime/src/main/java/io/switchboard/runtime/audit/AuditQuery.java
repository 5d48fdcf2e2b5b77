package io.switchboard.runtime.audit;

import java.time.Instant;

/** Filters of the audit log; null means any. Newest first, {@code offset}/{@code limit} paging. */
public record AuditQuery(
        String actor,
        String action,
        String resource,
        String resourceId,
        Instant from,
        Instant to,
        int offset,
        int limit) {}
