package io.switchboard.runtime.store;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.access.ApiKey;
import io.switchboard.runtime.access.ApiKeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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

    @Override
    public List<String> allowedOrigins(String keyId) {
        return jdbc.inTransaction("list api key origins", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select origin from api_key_origins where key_id = ? order by origin")) {
                select.setString(1, keyId);
                List<String> origins = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        origins.add(rows.getString(1));
                    }
                }
                return origins;
            }
        });
    }

    @Override
    public Map<String, List<String>> allowedOriginsByApp(String appId) {
        return jdbc.inTransaction("list api key origins of an app", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select o.key_id, o.origin from api_key_origins o join api_keys k on k.id = o.key_id"
                            + " where k.app_id = ? order by o.key_id, o.origin")) {
                select.setString(1, appId);
                Map<String, List<String>> origins = new LinkedHashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        origins.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
                                .add(rows.getString(2));
                    }
                }
                return origins;
            }
        });
    }

    @Override
    public boolean setAllowedOrigins(String appId, String keyId, List<String> origins) {
        return jdbc.inTransaction("set api key origins", connection -> {
            try (PreparedStatement find =
                    connection.prepareStatement("select id from api_keys where app_id = ? and id = ? for update")) {
                find.setString(1, appId);
                find.setString(2, keyId);
                try (ResultSet rows = find.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement delete =
                    connection.prepareStatement("delete from api_key_origins where key_id = ?")) {
                delete.setString(1, keyId);
                delete.executeUpdate();
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("insert into api_key_origins (key_id, origin) values (?, ?)")) {
                for (String origin : new TreeSet<>(origins)) {
                    insert.setString(1, keyId);
                    insert.setString(2, origin);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return true;
        });
    }

    @Override
    public Set<String> allowedOriginsOfValidKeys() {
        return jdbc.inTransaction("list allowed origins", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select distinct o.origin from api_key_origins o join api_keys k on k.id = o.key_id"
                            + " where k.revoked_at is null")) {
                Set<String> origins = new HashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        origins.add(rows.getString(1));
                    }
                }
                return origins;
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
