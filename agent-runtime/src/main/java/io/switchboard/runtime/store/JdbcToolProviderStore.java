package io.switchboard.runtime.store;

import io.switchboard.runtime.security.RandomIds;
import io.switchboard.runtime.security.SecretBox;
import io.switchboard.runtime.tool.StoredToolProvider;
import io.switchboard.runtime.tool.ToolProviderStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

final class JdbcToolProviderStore implements ToolProviderStore {
    private static final String COLUMNS = "id, kind, name, description, settings_enc, created_at, updated_at";

    private final Jdbc jdbc;
    private final SecretBox secrets;

    JdbcToolProviderStore(Jdbc jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public StoredToolProvider create(String kind, String name, String description, String settingsJson) {
        Instant now = jdbc.now();
        StoredToolProvider provider = new StoredToolProvider(
                RandomIds.base62(kind + "-", 10).toLowerCase(Locale.ROOT),
                kind,
                name,
                description,
                settingsJson,
                now,
                now);
        return jdbc.inTransaction("create tool provider", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into tool_providers (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, provider.id());
                insert.setString(2, kind);
                insert.setString(3, name);
                insert.setString(4, description);
                insert.setString(5, secrets.seal(settingsJson));
                Jdbc.setInstant(insert, 6, now);
                Jdbc.setInstant(insert, 7, now);
                insert.executeUpdate();
            }
            return provider;
        });
    }

    @Override
    public Optional<StoredToolProvider> find(String id) {
        return query("where id = ?", id).stream().findFirst();
    }

    @Override
    public List<StoredToolProvider> list() {
        return query("order by created_at, id", null);
    }

    @Override
    public boolean delete(String id) {
        return jdbc.inTransaction("delete tool provider", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from tool_providers where id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private List<StoredToolProvider> query(String clause, String id) {
        return jdbc.inTransaction("list tool providers", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select " + COLUMNS + " from tool_providers " + clause)) {
                if (id != null) {
                    select.setString(1, id);
                }
                List<StoredToolProvider> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(new StoredToolProvider(
                                rows.getString("id"),
                                rows.getString("kind"),
                                rows.getString("name"),
                                rows.getString("description"),
                                secrets.open(rows.getString("settings_enc")),
                                Jdbc.getInstant(rows, "created_at"),
                                Jdbc.getInstant(rows, "updated_at")));
                    }
                }
                return found;
            }
        });
    }
}
