package io.switchboard.runtime.store;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.access.AdminUser;
import io.switchboard.runtime.access.AdminUserStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

final class JdbcAdminUserStore implements AdminUserStore {
    private final Jdbc jdbc;

    JdbcAdminUserStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<AdminUser> find(String username) {
        return jdbc.inTransaction("find admin user", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select username, password_hash, created_at from admin_users where username = ?")) {
                select.setString(1, username);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new AdminUser(
                                    rows.getString("username"),
                                    rows.getString("password_hash"),
                                    Jdbc.getInstant(rows, "created_at")))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void upsert(AdminUser user) {
        if (user == null || user.username() == null || user.username().isBlank()) {
            throw new IllegalArgumentException("admin username must not be blank");
        }
        if (user.passwordHash() == null || user.passwordHash().isBlank()) {
            throw new IllegalArgumentException("admin password hash must not be blank");
        }
        // Update-then-insert instead of a dialect-specific upsert; a concurrent insert of the same user is
        // answered by one retry of the update.
        try {
            jdbc.inTransaction("save admin user", connection -> updateOrInsert(connection, user));
        } catch (ConflictException raced) {
            jdbc.inTransaction("save admin user", connection -> update(connection, user));
        }
    }

    @Override
    public long count() {
        return jdbc.inTransaction("count admin users", connection -> {
            try (PreparedStatement select = connection.prepareStatement("select count(*) from admin_users");
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Override
    public boolean delete(String username) {
        return jdbc.inTransaction("delete admin user", connection -> {
            // What let the admin in goes too, so a new admin of the same name inherits no phone, WeChat
            // or OIDC account and no second factor.
            for (String table : new String[] {"admin_identities", "admin_recovery_codes", "admin_totp"}) {
                try (PreparedStatement forget =
                        connection.prepareStatement("delete from " + table + " where username = ?")) {
                    forget.setString(1, username);
                    forget.executeUpdate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("delete from admin_users where username = ?")) {
                delete.setString(1, username);
                return delete.executeUpdate() == 1;
            }
        });
    }

    private Boolean updateOrInsert(Connection connection, AdminUser user) throws SQLException {
        if (update(connection, user)) {
            return true;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into admin_users (username, password_hash, created_at) values (?, ?, ?)")) {
            insert.setString(1, user.username());
            insert.setString(2, user.passwordHash());
            Jdbc.setInstant(insert, 3, user.createdAt() == null ? jdbc.now() : Jdbc.truncate(user.createdAt()));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new ConflictException("admin user '" + user.username() + "' was created concurrently");
            }
            throw e;
        }
    }

    private static boolean update(Connection connection, AdminUser user) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("update admin_users set password_hash = ? where username = ?")) {
            update.setString(1, user.passwordHash());
            update.setString(2, user.username());
            return update.executeUpdate() > 0;
        }
    }
}
