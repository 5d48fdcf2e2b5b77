package io.switchboard.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.switchboard.runtime.access.AdminSession;
import io.switchboard.runtime.access.AdminSessionStore;
import io.switchboard.runtime.audit.AuditEntry;
import io.switchboard.runtime.audit.AuditQuery;
import io.switchboard.runtime.audit.AuditStore;
import io.switchboard.runtime.security.SecretBox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Admin sessions (V11) and the audit log (V12): written once, run on H2 and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SessionAndAuditContract {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    protected Database database;
    private AdminSessionStore sessions;
    private AuditStore audit;

    protected abstract DatabaseConfig config();

    @BeforeAll
    void open() {
        database = Database.open(config(), SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        sessions = database.adminSessions();
        audit = database.audit();
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void should_rotate_a_refresh_hash_once_and_revoke_sessions() {
        String id = UUID.randomUUID().toString();
        sessions.create(new AdminSession(id, "alice", "h1", NOW, NOW.plus(Duration.ofHours(12)), null));
        String other = UUID.randomUUID().toString();
        sessions.create(new AdminSession(other, "alice", "x", NOW, NOW.plus(Duration.ofHours(12)), null));

        assertThat(sessions.rotate(id, "h1", "h2", NOW)).isTrue();
        assertThat(sessions.rotate(id, "h1", "h3", NOW))
                .as("the old hash is spent")
                .isFalse();
        assertThat(sessions.find(id))
                .get()
                .extracting(AdminSession::refreshHash)
                .isEqualTo("h2");
        assertThat(sessions.rotate(id, "h2", "h3", NOW.plus(Duration.ofHours(13))))
                .as("expired")
                .isFalse();

        sessions.revoke(id, NOW);
        assertThat(sessions.find(id).orElseThrow().activeAt(NOW)).isFalse();
        assertThat(sessions.revokeAll("alice", NOW)).isEqualTo(1);
        assertThat(sessions.find(other).orElseThrow().activeAt(NOW)).isFalse();
        assertThat(sessions.deleteExpired(NOW.plus(Duration.ofDays(2)))).isGreaterThanOrEqualTo(2);
        assertThat(sessions.find(id)).isEmpty();
    }

    @Test
    void should_filter_and_page_the_audit_log_newest_first() {
        String actor = "auditor-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            audit.append(new AuditEntry(
                    0,
                    NOW.plusSeconds(i),
                    actor,
                    "10.0.0.1",
                    i % 2 == 0 ? "update" : "delete",
                    "app",
                    "app-" + i,
                    "/admin/v1/apps/app-" + i,
                    200,
                    "{\"name\":\"before\"}",
                    i % 2 == 0 ? "{\"name\":\"after 订单\"}" : null,
                    i < 2 ? "team-b" : "default"));
        }

        List<AuditEntry> updates = audit.query(new AuditQuery(null, actor, "update", null, null, null, null, 0, 10));
        List<AuditEntry> page = audit.query(new AuditQuery(null, actor, null, "app", null, null, null, 1, 2));
        List<AuditEntry> window = audit.query(
                new AuditQuery(null, actor, null, null, null, NOW.plusSeconds(1), NOW.plusSeconds(3), 0, 10));

        assertThat(updates).extracting(AuditEntry::resourceId).containsExactly("app-4", "app-2", "app-0");
        assertThat(updates.getFirst().after()).isEqualTo("{\"name\":\"after 订单\"}");
        assertThat(page).extracting(AuditEntry::resourceId).containsExactly("app-3", "app-2");
        assertThat(window).extracting(AuditEntry::resourceId).containsExactly("app-2", "app-1");
        assertThat(audit.query(new AuditQuery("team-b", actor, null, null, null, null, null, 0, 10)))
                .extracting(AuditEntry::resourceId, AuditEntry::workspaceId)
                .containsExactly(tuple("app-1", "team-b"), tuple("app-0", "team-b"));
        assertThat(audit.deleteOlderThan(NOW.plusSeconds(2))).isGreaterThanOrEqualTo(2);
        assertThat(audit.query(new AuditQuery(null, actor, null, null, null, null, null, 0, 10)))
                .hasSize(3);
    }

    @Test
    void should_keep_an_entry_whose_fields_are_longer_than_their_columns() {
        String actor = "long-" + UUID.randomUUID();
        String emoji = "\uD83D\uDE00".repeat(400);
        audit.append(new AuditEntry(
                0,
                NOW,
                actor,
                "10.0.0.1",
                "delete",
                "workspaces",
                "w" + emoji,
                "/admin/v1/workspaces/" + emoji,
                204,
                null,
                null,
                "w" + emoji));

        AuditEntry stored = audit.query(new AuditQuery(null, actor, null, null, null, null, null, 0, 10))
                .getFirst();
        assertThat(stored.workspaceId()).hasSizeLessThanOrEqualTo(64).startsWith("w\uD83D\uDE00");
        assertThat(stored.path()).hasSizeLessThanOrEqualTo(500).startsWith("/admin/v1/workspaces/");
        assertThat(stored.resourceId()).hasSizeLessThanOrEqualTo(255);
        assertThat(stored.path()
                        .codePoints()
                        .filter(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)
                        .count())
                .as("no half character")
                .isZero();
    }
}
