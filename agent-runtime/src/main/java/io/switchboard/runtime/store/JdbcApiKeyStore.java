package io.switchboard.runtime.store;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.access.ApiKey;
import io.switchboard.runtime.access.ApiKeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcApiKeyStore implements ApiKeyStore {
    private static final String COLUMNS = "id, app_id, name, prefix, hash, created_at, revoked_at";

    private final Jdbc jdbc;

    JdbcApiKeyStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ApiKey create(ApiKey key) {
        if (key == null) {
            throw new IllegalArgumentException("the api key is missing");
        }
        ApiKey stored = new ApiKey(
                key.id(),
                key.appId(),
                key.name(),
                key.prefix(),
                key.hash(),
                key.createdAt() == null ? jdbc.now() : Jdbc.truncate(key.createdAt()),
                Jdbc.truncate(key.revokedAt()));
        return jdbc.inTransaction("create api key", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into api_keys (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, stored.id());
                insert.setString(2, stored.appId());
                insert.setString(3, stored.name());
                insert.setString(4, stored.prefix());
                insert.setString(5, stored.hash());
                Jdbc.setInstant(insert, 6, stored.createdAt());
                Jdbc.setInstant(insert, 7, stored.revokedAt());
                insert.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new ConflictException("api key '" + stored.id() + "' already exists");
                }
                if (Jdbc.isForeignKeyViolation(e)) {
                    throw new NotFoundException("app '" + stored.appId() + "' not found");
                }
                throw e;
            }
            return stored;
        });
    }

    @Override
    public Optional<ApiKey> findByHash(String hash) {
        return jdbc.inTransaction("find api key", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select " + COLUMNS + " from api_keys where hash = ?")) {
                select.setString(1, hash);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(key(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ApiKey> listByApp(String appId) {
        return jdbc.inTransaction("list api keys", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + COLUMNS + " from api_keys where app_id = ? order by created_at, id")) {
                select.setString(1, appId);
                List<ApiKey> keys = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        keys.add(key(rows));
                    }
                }
                return keys;
            }
        });
    }

    @Override
    public boolean revoke(String appId, String keyId) {
        return jdbc.inTransaction("revoke api key", connection -> {
            // coalesce keeps the first revocation time when a key is revoked twice.
            try (PreparedStatement update = connection.prepareStatement(
                    "update api_keys set revoked_at = coalesce(revoked_at, ?) where app_id = ? and id = ?")) {
                Jdbc.setInstant(update, 1, jdbc.now());
                update.setString(2, appId);
                update.setString(3, keyId);
                return update.executeUpdate() > 0;
            }
        });
    }

    private static ApiKey key(ResultSet rows) throws SQLException {
        return new ApiKey(
                rows.getString("id"),
                rows.getString("app_id"),
                rows.getString("name"),
                rows.getString("prefix"),
                rows.getString("hash"),
                Jdbc.getInstant(rows, "created_at"),
                Jdbc.getInstant(rows, "revoked_at"));
    }
}
