package io.switchboard.admin;

import io.switchboard.admin.access.LoginThrottle;
import io.switchboard.admin.access.QuotaUsage;
import io.switchboard.runtime.access.AdminSessionStore;
import io.switchboard.runtime.access.WorkspaceStore;
import io.switchboard.runtime.audit.AuditStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Who may come in and what is written down: the login throttle (shared across the cluster in a gateway),
 * the session store every member reads, the audit log, what the rate limits and quotas have left, and the
 * workspaces with their members (who may do what where), and the ways in beside the password
 * ({@code logins}, null: password only). {@code clock} (null: the system clock) dates audit entries and
 * decides which are older than {@code auditRetention}.
 */
public record AdminSecurity(
        LoginThrottle throttle,
        AdminSessionStore sessions,
        AuditStore audit,
        QuotaUsage quotas,
        Duration auditRetention,
        WorkspaceStore workspaces,
        LoginMethods logins,
        Clock clock) {
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(365);
    /** The refusal of a retention under a day, naming the configuration key. */
    public static final String AUDIT_RETENTION_TOO_SHORT =
            "security.auditRetention must be at least one day, e.g. P365D";

    public AdminSecurity(
            LoginThrottle throttle, AdminSessionStore sessions, AuditStore audit, WorkspaceStore workspaces) {
        this(throttle, sessions, audit, null, null, workspaces, null, null);
    }

    /** The same with the ways in beside the password (TOTP, SMS, WeChat, OIDC); null: password only. */
    public AdminSecurity withLogins(LoginMethods methods) {
        return new AdminSecurity(throttle, sessions, audit, quotas, auditRetention, workspaces, methods, clock);
    }

    /** The same with another clock for the audit log (tests move it to age entries past the retention). */
    public AdminSecurity withClock(Clock auditClock) {
        return new AdminSecurity(throttle, sessions, audit, quotas, auditRetention, workspaces, logins, auditClock);
    }

    public AdminSecurity {
        clock = clock == null ? Clock.systemUTC() : clock;
        auditRetention = auditRetention == null ? DEFAULT_AUDIT_RETENTION : auditRetention;
        if (auditRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException(AUDIT_RETENTION_TOO_SHORT);
        }
        quotas = quotas == null ? QuotaUsage.NONE : quotas;
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(workspaces, "workspaces");
    }
}
