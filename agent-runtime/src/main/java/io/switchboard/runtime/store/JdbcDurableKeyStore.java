package io.switchboard.runtime.store;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.durable.DurableKeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcDurableKeyStore implements DurableKeyStore {
    private static final String INSERT =
            "insert into durable_keys (name, content, expires_at) values (?, ?, ?) on conflict do nothing";
    private static final String REPLACE =
            "update durable_keys set content = ?, expires_at = ? where name = ? and expires_at <= ?";

    private final Jdbc jdbc;

    JdbcDurableKeyStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean putIfAbsent(String name, String content, Duration ttl) {
        check(name, content, ttl);
        Instant now = jdbc.now();
        return jdbc.inTransaction("claim durable key", connection -> {
            if (insert(connection, name, content, now.plus(ttl)) > 0) {
                return true;
            }
            // Present: only an expired value may be taken over, and only by one caller (the row lock).
            try (PreparedStatement replace = connection.prepareStatement(REPLACE)) {
                replace.setString(1, content);
                Jdbc.setInstant(replace, 2, now.plus(ttl));
                replace.setString(3, name);
                Jdbc.setInstant(replace, 4, now);
                return replace.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void put(String name, String content, Duration ttl) {
        check(name, content, ttl);
        Instant expiresAt = jdbc.now().plus(ttl);
        jdbc.inTransaction("store durable key", connection -> {
            try (PreparedStatement update =
                    connection.prepareStatement("update durable_keys set content = ?, expires_at = ? where name = ?")) {
                update.setString(1, content);
                Jdbc.setInstant(update, 2, expiresAt);
                update.setString(3, name);
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            if (insert(connection, name, content, expiresAt) == 0) {
                throw new ConflictException("durable key '" + name + "' was written concurrently; try again");
            }
            return null;
        });
    }

    @Override
    public Optional<String> get(String name) {
        Instant now = jdbc.now();
        return jdbc.inTransaction("read durable key", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select content from durable_keys where name = ? and expires_at > ?")) {
                select.setString(1, name);
                Jdbc.setInstant(select, 2, now);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Entry> list(String namePrefix, String contentPrefix, int limit) {
        if (namePrefix == null || contentPrefix == null) {
            throw new IllegalArgumentException("durable key prefixes must not be null (use \"\" for any)");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("durable key list limit must be 1-1000, got " + limit);
        }
        Instant now = jdbc.now();
        return jdbc.inTransaction("list durable keys", connection -> {
            try (PreparedStatement select = connection.prepareStatement("select name, content from durable_keys"
                    + " where name like ? escape '!' and content like ? escape '!' and expires_at > ?"
                    + " order by expires_at, name limit ?")) {
                select.setString(1, literal(namePrefix) + "%");
                select.setString(2, literal(contentPrefix) + "%");
                Jdbc.setInstant(select, 3, now);
                select.setInt(4, limit);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new Entry(rows.getString(1), rows.getString(2)));
                    }
                }
                return entries;
            }
        });
    }

    /** A LIKE pattern matching {@code text} literally, with {@code !} as the escape character. */
    private static String literal(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    @Override
    public int deleteExpired() {
        Instant now = jdbc.now();
        return jdbc.inTransaction("delete expired durable keys", connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from durable_keys where expires_at <= ?")) {
                Jdbc.setInstant(delete, 1, now);
                return delete.executeUpdate();
            }
        });
    }

    /** Inserts unless the name is taken; rows written (0 or 1). */
    private static int insert(Connection connection, String name, String content, Instant expiresAt)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, name);
            insert.setString(2, content);
            Jdbc.setInstant(insert, 3, expiresAt);
            return insert.executeUpdate();
        }
    }

    private static void check(String name, String content, Duration ttl) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("durable key name must be 1-" + MAX_NAME_LENGTH + " characters");
        }
        if (content == null || content.length() > MAX_CONTENT_LENGTH) {
            throw new IllegalArgumentException(
                    "durable key content must be at most " + MAX_CONTENT_LENGTH + " characters");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("durable key ttl must be a positive duration, got " + ttl);
        }
    }
}
