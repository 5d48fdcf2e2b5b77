package io.switchboard.runtime.store;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.model.ProviderStore;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcProviderStore implements ProviderStore {
    private static final String COLUMNS =
            "id, name, kind, base_url, api_key_enc, timeout_ms, max_retries," + " extra_keys_enc, limits_json, options";
    /** Apps whose draft or published version points at a provider. */
    private static final String USERS = "select id from apps where provider_id = ?"
            + " union select a.id from apps a join app_versions v"
            + " on v.app_id = a.id and v.version = a.published_version where v.provider_id = ?"
            + " order by id";

    private final Jdbc jdbc;
    private final SecretBox secrets;

    JdbcProviderStore(Jdbc jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public ProviderConfig create(ProviderConfig provider) {
        requireProvider(provider);
        return jdbc.inTransaction("create provider", connection -> {
            Instant now = jdbc.now();
            try (PreparedStatement insert = connection.prepareStatement("insert into providers"
                    + " (name, kind, base_url, api_key_enc, timeout_ms, max_retries, extra_keys_enc, limits_json,"
                    + " options, created_at, updated_at, id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(insert, provider);
                Jdbc.setInstant(insert, 10, now);
                Jdbc.setInstant(insert, 11, now);
                insert.setString(12, provider.id());
                insert.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new ConflictException("provider '" + provider.id() + "' already exists");
                }
                throw e;
            }
            return provider;
        });
    }

    @Override
    public ProviderConfig update(ProviderConfig provider) {
        requireProvider(provider);
        return jdbc.inTransaction("update provider", connection -> {
            try (PreparedStatement update = connection.prepareStatement("update providers set name = ?, kind = ?,"
                    + " base_url = ?, api_key_enc = ?, timeout_ms = ?, max_retries = ?, extra_keys_enc = ?,"
                    + " limits_json = ?, options = ?, updated_at = ? where id = ?")) {
                bind(update, provider);
                Jdbc.setInstant(update, 10, jdbc.now());
                update.setString(11, provider.id());
                if (update.executeUpdate() == 0) {
                    throw notFound(provider.id());
                }
            }
            return provider;
        });
    }

    @Override
    public Optional<ProviderConfig> find(String id) {
        return jdbc.inTransaction("find provider", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select " + COLUMNS + " from providers where id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(provider(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ProviderConfig> list() {
        return jdbc.inTransaction("list providers", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select " + COLUMNS + " from providers order by id")) {
                List<ProviderConfig> providers = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        providers.add(provider(rows));
                    }
                }
                return providers;
            }
        });
    }

    @Override
    public boolean delete(String id) {
        return jdbc.inTransaction("delete provider", connection -> {
            if (!lock(connection, id)) {
                return false;
            }
            String user = firstUser(connection, id);
            if (user != null) {
                throw new ConflictException("provider '" + id + "' is used by app '" + user
                        + "'; point the app's draft and published version at another provider first");
            }
            try (PreparedStatement delete = connection.prepareStatement("delete from providers where id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static boolean lock(Connection connection, String id) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("select id from providers where id = ? for update")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String firstUser(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(USERS)) {
            select.setString(1, id);
            select.setString(2, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** Binds parameters 1-9 (everything but timestamps and id). */
    private void bind(PreparedStatement statement, ProviderConfig provider) throws SQLException {
        statement.setString(1, provider.name());
        statement.setString(2, provider.kind().name());
        statement.setString(3, provider.baseUrl());
        statement.setString(
                4,
                provider.apiKey() == null
                        ? null
                        : secrets.seal(provider.apiKey().reveal()));
        statement.setLong(5, provider.timeout().toMillis());
        statement.setInt(6, provider.maxRetries());
        statement.setString(
                7,
                provider.extraKeys().isEmpty()
                        ? null
                        : String.join(
                                "\n",
                                provider.extraKeys().stream()
                                        .map(key -> secrets.seal(key.reveal()))
                                        .toList()));
        statement.setString(8, ProviderLimitsJson.write(provider.limits()));
        statement.setString(9, ProviderOptionsJson.write(provider.options()));
    }

    private ProviderConfig provider(ResultSet rows) throws SQLException {
        String sealedKey = rows.getString("api_key_enc");
        String sealedExtra = rows.getString("extra_keys_enc");
        List<Secret> extraKeys = new ArrayList<>();
        if (sealedExtra != null && !sealedExtra.isBlank()) {
            for (String sealed : sealedExtra.split("\n")) {
                extraKeys.add(Secret.of(secrets.open(sealed)));
            }
        }
        String id = rows.getString("id");
        return new ProviderConfig(
                id,
                rows.getString("name"),
                ProviderKind.valueOf(rows.getString("kind")),
                rows.getString("base_url"),
                sealedKey == null ? null : Secret.of(secrets.open(sealedKey)),
                Duration.ofMillis(rows.getLong("timeout_ms")),
                rows.getInt("max_retries"),
                extraKeys,
                ProviderLimitsJson.read(rows.getString("limits_json"), id),
                ProviderOptionsJson.read(rows.getString("options")));
    }

    private static void requireProvider(ProviderConfig provider) {
        if (provider == null) {
            throw new IllegalArgumentException("the provider configuration is missing");
        }
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("provider '" + id + "' not found");
    }
}
