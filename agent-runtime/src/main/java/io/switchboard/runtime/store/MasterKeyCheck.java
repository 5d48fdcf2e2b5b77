package io.switchboard.runtime.store;

import io.switchboard.runtime.security.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Seals a known value with the master key the first time a database is opened and opens it on every later
 * start, so a wrong master key fails at start with a clear message instead of at the first provider call.
 */
final class MasterKeyCheck {
    private static final String NAME = "master_key_check";
    private static final String CANARY = "switchboard-master-key-check";

    private final Jdbc jdbc;
    private final SecretBox secrets;

    MasterKeyCheck(Jdbc jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    void verify() {
        String sealed;
        try {
            sealed = readOrInsert();
        } catch (StoreException raced) {
            // Another member opening the same new database inserted its check first: use that one.
            sealed = jdbc.inTransaction("master key check", MasterKeyCheck::read);
            if (sealed == null) {
                throw raced;
            }
        }
        if (sealed == null) {
            return;
        }
        boolean matches;
        try {
            matches = CANARY.equals(secrets.open(sealed));
        } catch (IllegalStateException | IllegalArgumentException e) {
            matches = false;
        }
        if (!matches) {
            throw new StoreException("the master key does not match the one this database's secrets were sealed with;"
                    + " start with the original master key");
        }
    }

    /** The sealed check value, or null when this call stored a new one. */
    private String readOrInsert() {
        return jdbc.inTransaction("master key check", connection -> {
            String existing = read(connection);
            if (existing != null) {
                return existing;
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("insert into store_meta (meta_key, meta_value) values (?, ?)")) {
                insert.setString(1, NAME);
                insert.setString(2, secrets.seal(CANARY));
                insert.executeUpdate();
                return null;
            }
        });
    }

    private static String read(Connection connection) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("select meta_value from store_meta where meta_key = ?")) {
            select.setString(1, NAME);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
