package io.switchboard.runtime.audit;

import java.time.Instant;
import java.util.List;

/** The audit log. Blocking: call from a virtual thread. */
public interface AuditStore {
    /** Stores the entry (its id and, when null, its time are assigned). */
    void append(AuditEntry entry);

    /** Matching entries, newest first. */
    List<AuditEntry> query(AuditQuery query);

    /** Deletes entries older than {@code before}; returns how many. */
    int deleteOlderThan(Instant before);
}
