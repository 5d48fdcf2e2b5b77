package io.switchboard.admin;

import io.switchboard.admin.access.LoginThrottle;
import io.switchboard.runtime.access.AdminSessionStore;
import io.switchboard.runtime.audit.AuditStore;
import java.util.Objects;

/**
 * Who may come in and what is written down: the login throttle (shared across the cluster in a gateway),
 * the session store every member reads, and the audit log.
 */
public record AdminSecurity(LoginThrottle throttle, AdminSessionStore sessions, AuditStore audit) {
    public AdminSecurity {
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(audit, "audit");
    }
}
