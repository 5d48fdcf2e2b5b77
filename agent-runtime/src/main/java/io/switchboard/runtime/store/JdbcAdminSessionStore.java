package io.switchboard.runtime.store;

import io.switchboard.runtime.access.AdminSession;
import io.switchboard.runtime.access.AdminSessionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

final class JdbcAdminSessionStore implements AdminSessionStore {
    private final Jdbc jdbc;

    JdbcAdminSessionStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void create(AdminSession session) {
        jdbc.inTransaction("create admin session", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into admin_sessions"
                    + " (id, username, refresh_hash, created_at, expires_at) values (?, ?, ?, ?, ?)")) {
                insert.setString(1, session.id());
                insert.setString(2, session.username());
                insert.setString(3, session.refreshHash());
                Jdbc.setInstant(insert, 4, Jdbc.truncate(session.createdAt()));
                Jdbc.setInstant(insert, 5, Jdbc.truncate(session.expiresAt()));
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<AdminSession> find(String id) {
        return jdbc.inTransaction("find admin session", connection -> {
            try (PreparedStatement select = connection.prepareStatement("select id, username, refresh_hash,"
                    + " created_at, expires_at, revoked_at from admin_sessions where id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new AdminSession(
                                    rows.getString("id"),
                                    rows.getString("username"),
                                    rows.getString("refresh_hash"),
                                    Jdbc.getInstant(rows, "created_at"),
                                    Jdbc.getInstant(rows, "expires_at"),
                                    Jdbc.getInstant(rows, "revoked_at")))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean rotate(String id, String expectedHash, String newHash, Instant now) {
        return jdbc.inTransaction("refresh admin session", connection -> {
            try (PreparedStatement update = connection.prepareStatement("update admin_sessions set refresh_hash = ?"
                    + " where id = ? and refresh_hash = ? and revoked_at is null and expires_at > ?")) {
                update.setString(1, newHash);
                update.setString(2, id);
                update.setString(3, expectedHash);
                Jdbc.setInstant(update, 4, Jdbc.truncate(now));
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void revoke(String id, Instant now) {
        jdbc.inTransaction("revoke admin session", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update admin_sessions set revoked_at = ? where id = ? and revoked_at is null")) {
                Jdbc.setInstant(update, 1, Jdbc.truncate(now));
                update.setString(2, id);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public int revokeAll(String username, Instant now) {
        return jdbc.inTransaction("revoke admin sessions", connection -> {
            try (PreparedStatement update = connection.prepareStatement("update admin_sessions set revoked_at = ?"
                    + " where username = ? and revoked_at is null and expires_at > ?")) {
                Jdbc.setInstant(update, 1, Jdbc.truncate(now));
                update.setString(2, username);
                Jdbc.setInstant(update, 3, Jdbc.truncate(now));
                return update.executeUpdate();
            }
        });
    }

    @Override
    public int deleteExpired(Instant before) {
        return jdbc.inTransaction("delete expired admin sessions", connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from admin_sessions where expires_at < ?")) {
                Jdbc.setInstant(delete, 1, Jdbc.truncate(before));
                return delete.executeUpdate();
            }
        });
    }
}
