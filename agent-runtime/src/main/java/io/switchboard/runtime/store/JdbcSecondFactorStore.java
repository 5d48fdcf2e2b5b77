package io.switchboard.runtime.store;

import io.switchboard.runtime.access.SecondFactorStore;
import io.switchboard.runtime.access.TotpEnrolment;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** TOTP secrets sealed with the master key; recovery codes as the hashes the caller computed. */
final class JdbcSecondFactorStore implements SecondFactorStore {
    private final Jdbc jdbc;
    private final SecretBox secrets;

    JdbcSecondFactorStore(Jdbc jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public Optional<TotpEnrolment> totp(String username) {
        return jdbc.inTransaction("find totp", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select secret, enabled, last_step, created_at from admin_totp where username = ?")) {
                select.setString(1, username);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new TotpEnrolment(
                                    username,
                                    Secret.of(secrets.open(rows.getString("secret"))),
                                    rows.getBoolean("enabled"),
                                    rows.getLong("last_step"),
                                    Jdbc.getInstant(rows, "created_at")))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void begin(String username, Secret secret, Instant now) {
        jdbc.inTransaction("begin totp", connection -> {
            delete(connection, username);
            try (PreparedStatement insert = connection.prepareStatement("insert into admin_totp"
                    + " (username, secret, enabled, last_step, created_at) values (?, ?, false, 0, ?)")) {
                insert.setString(1, username);
                insert.setString(2, secrets.seal(secret.reveal()));
                Jdbc.setInstant(insert, 3, Jdbc.truncate(now));
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public boolean enable(String username, long step, List<String> recoveryCodeHashes) {
        return jdbc.inTransaction("enable totp", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update admin_totp set enabled = true, last_step = ? where username = ? and enabled = false")) {
                update.setLong(1, step);
                update.setString(2, username);
                if (update.executeUpdate() != 1) {
                    return false;
                }
            }
            replace(connection, username, recoveryCodeHashes);
            return true;
        });
    }

    @Override
    public boolean useStep(String username, long step) {
        return jdbc.inTransaction("use totp step", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update admin_totp set last_step = ? where username = ? and last_step < ?")) {
                update.setLong(1, step);
                update.setString(2, username);
                update.setLong(3, step);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean remove(String username) {
        return jdbc.inTransaction("remove totp", connection -> delete(connection, username) > 0);
    }

    @Override
    public void replaceRecoveryCodes(String username, List<String> codeHashes) {
        jdbc.inTransaction("replace recovery codes", connection -> {
            replace(connection, username, codeHashes);
            return null;
        });
    }

    @Override
    public boolean useRecoveryCode(String username, String codeHash, Instant now) {
        return jdbc.inTransaction("use recovery code", connection -> {
            try (PreparedStatement update = connection.prepareStatement("update admin_recovery_codes set used_at = ?"
                    + " where username = ? and code_hash = ? and used_at is null")) {
                Jdbc.setInstant(update, 1, Jdbc.truncate(now));
                update.setString(2, username);
                update.setString(3, codeHash);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int unusedRecoveryCodes(String username) {
        return jdbc.inTransaction("count recovery codes", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select count(*) from admin_recovery_codes where username = ? and used_at is null")) {
                select.setString(1, username);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    private static int delete(Connection connection, String username) throws SQLException {
        try (PreparedStatement codes =
                        connection.prepareStatement("delete from admin_recovery_codes where username = ?");
                PreparedStatement totp = connection.prepareStatement("delete from admin_totp where username = ?")) {
            codes.setString(1, username);
            codes.executeUpdate();
            totp.setString(1, username);
            return totp.executeUpdate();
        }
    }

    private static void replace(Connection connection, String username, List<String> hashes) throws SQLException {
        try (PreparedStatement delete =
                        connection.prepareStatement("delete from admin_recovery_codes where username = ?");
                PreparedStatement insert = connection.prepareStatement(
                        "insert into admin_recovery_codes (username, code_hash) values (?, ?)")) {
            delete.setString(1, username);
            delete.executeUpdate();
            for (String hash : List.copyOf(new java.util.LinkedHashSet<>(hashes))) {
                insert.setString(1, username);
                insert.setString(2, hash);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
