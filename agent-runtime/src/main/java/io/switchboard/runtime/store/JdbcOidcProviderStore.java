package io.switchboard.runtime.store;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.access.OidcProvider;
import io.switchboard.runtime.access.OidcProviderStore;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.security.SecretBox;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** OIDC providers (V25); the client secret sealed with the master key, the scopes space-separated. */
final class JdbcOidcProviderStore implements OidcProviderStore {
    private static final String COLUMNS =
            "id, display_name, issuer, client_id, client_secret, scopes, enabled," + " version, created_at, updated_at";

    private final Jdbc jdbc;
    private final SecretBox secrets;

    JdbcOidcProviderStore(Jdbc jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public List<OidcProvider> list() {
        return jdbc.inTransaction("list oidc providers", connection -> {
            try (PreparedStatement select =
                            connection.prepareStatement("select " + COLUMNS + " from oidc_providers order by id");
                    ResultSet rows = select.executeQuery()) {
                List<OidcProvider> providers = new ArrayList<>();
                while (rows.next()) {
                    providers.add(read(rows));
                }
                return providers;
            }
        });
    }

    @Override
    public Optional<OidcProvider> find(String id) {
        return jdbc.inTransaction("find oidc provider", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select " + COLUMNS + " from oidc_providers where id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public OidcProvider create(OidcProvider provider) {
        Instant now = jdbc.now();
        OidcProvider stored = withVersion(provider, 1, now, now);
        return jdbc.inTransaction("create oidc provider", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into oidc_providers (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, stored.id());
                bind(insert, 2, stored);
                insert.setLong(8, stored.version());
                Jdbc.setInstant(insert, 9, now);
                Jdbc.setInstant(insert, 10, now);
                insert.executeUpdate();
                return stored;
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new ConflictException("OIDC provider '" + provider.id() + "' exists already");
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<OidcProvider> update(OidcProvider provider) {
        Instant now = jdbc.now();
        return jdbc.inTransaction("update oidc provider", connection -> {
            Optional<OidcProvider> existing;
            try (PreparedStatement select =
                    connection.prepareStatement("select " + COLUMNS + " from oidc_providers where id = ? for update")) {
                select.setString(1, provider.id());
                try (ResultSet rows = select.executeQuery()) {
                    existing = rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
            if (existing.isEmpty()) {
                return Optional.<OidcProvider>empty();
            }
            OidcProvider stored = withVersion(
                    provider, existing.get().version() + 1, existing.get().createdAt(), now);
            try (PreparedStatement update = connection.prepareStatement("update oidc_providers set display_name = ?,"
                    + " issuer = ?, client_id = ?, client_secret = ?, scopes = ?, enabled = ?, version = ?,"
                    + " updated_at = ? where id = ?")) {
                bind(update, 1, stored);
                update.setLong(7, stored.version());
                Jdbc.setInstant(update, 8, now);
                update.setString(9, stored.id());
                update.executeUpdate();
            }
            return Optional.of(stored);
        });
    }

    @Override
    public boolean delete(String id) {
        return jdbc.inTransaction("delete oidc provider", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from oidc_providers where id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** display name, issuer, client id, sealed secret, scopes, enabled from {@code index}. */
    private void bind(PreparedStatement statement, int index, OidcProvider provider) throws SQLException {
        statement.setString(index, provider.displayName());
        statement.setString(index + 1, provider.issuer());
        statement.setString(index + 2, provider.clientId());
        statement.setString(index + 3, secrets.seal(provider.clientSecret().reveal()));
        statement.setString(index + 4, String.join(" ", provider.scopes()));
        statement.setBoolean(index + 5, provider.enabled());
    }

    private static OidcProvider withVersion(OidcProvider p, long version, Instant createdAt, Instant updatedAt) {
        return new OidcProvider(
                p.id(),
                p.displayName(),
                p.issuer(),
                p.clientId(),
                p.clientSecret(),
                p.scopes(),
                p.enabled(),
                version,
                createdAt,
                updatedAt);
    }

    private OidcProvider read(ResultSet rows) throws SQLException {
        String scopes = rows.getString("scopes");
        return new OidcProvider(
                rows.getString("id"),
                rows.getString("display_name"),
                rows.getString("issuer"),
                rows.getString("client_id"),
                Secret.of(secrets.open(rows.getString("client_secret"))),
                scopes.isBlank() ? List.of() : Arrays.asList(scopes.split(" ")),
                rows.getBoolean("enabled"),
                rows.getLong("version"),
                Jdbc.getInstant(rows, "created_at"),
                Jdbc.getInstant(rows, "updated_at"));
    }
}
