package io.switchboard.admin;

import io.switchboard.admin.access.LoginThrottle;
import io.switchboard.admin.access.QuotaUsage;
import io.switchboard.runtime.access.AdminSessionStore;
import io.switchboard.runtime.audit.AuditStore;
import java.util.Objects;

/**
 * Who may come in and what is written down: the login throttle (shared across the cluster in a gateway),
 * the session store every member reads, the audit log, and what the rate limits and quotas have left.
 */
public record AdminSecurity(LoginThrottle throttle, AdminSessionStore sessions, AuditStore audit, QuotaUsage quotas) {
    public AdminSecurity(LoginThrottle throttle, AdminSessionStore sessions, AuditStore audit) {
        this(throttle, sessions, audit, null);
    }

    public AdminSecurity {
        quotas = quotas == null ? QuotaUsage.NONE : quotas;
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(audit, "audit");
    }
}
