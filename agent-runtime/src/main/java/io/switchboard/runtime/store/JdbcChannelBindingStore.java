package io.switchboard.runtime.store;

import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.app.ChannelBinding;
import io.switchboard.runtime.app.ChannelBindingStore;
import io.switchboard.runtime.security.RandomIds;
import io.switchboard.runtime.security.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcChannelBindingStore implements ChannelBindingStore {
    private static final String COLUMNS = "id, app_id, type, config_enc, enabled, created_at, updated_at";

    private final Jdbc jdbc;
    private final SecretBox secrets;

    JdbcChannelBindingStore(Jdbc jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public ChannelBinding create(String appId, String type, String configJson) {
        Instant now = jdbc.now();
        ChannelBinding binding =
                new ChannelBinding(RandomIds.base62("ch_", 16), appId, type, configJson, true, now, now);
        return jdbc.inTransaction("create channel binding", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into channel_bindings (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, binding.id());
                insert.setString(2, binding.appId());
                insert.setString(3, binding.type());
                insert.setString(4, secrets.seal(binding.configJson()));
                insert.setBoolean(5, binding.enabled());
                Jdbc.setInstant(insert, 6, now);
                Jdbc.setInstant(insert, 7, now);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isForeignKeyViolation(e)) {
                    throw new NotFoundException("app '" + appId + "' not found");
                }
                throw e;
            }
            return binding;
        });
    }

    @Override
    public Optional<ChannelBinding> find(String id) {
        List<ChannelBinding> found = query("find channel binding", "where id = ?", id);
        return found.stream().findFirst();
    }

    @Override
    public List<ChannelBinding> listByApp(String appId) {
        return query("list channel bindings", "where app_id = ? order by created_at, id", appId);
    }

    @Override
    public List<ChannelBinding> listEnabledByType(String type) {
        return query("list channel bindings", "where type = ? and enabled = true order by created_at, id", type);
    }

    @Override
    public ChannelBinding update(String id, String configJson, boolean enabled) {
        return jdbc.inTransaction("update channel binding", connection -> {
            ChannelBinding current = select(connection, "where id = ?", id).stream()
                    .findFirst()
                    .orElseThrow(() -> new NotFoundException("channel binding '" + id + "' not found"));
            Instant now = jdbc.now();
            ChannelBinding updated = new ChannelBinding(
                    id, current.appId(), current.type(), configJson, enabled, current.createdAt(), now);
            try (PreparedStatement update = connection.prepareStatement(
                    "update channel_bindings set config_enc = ?, enabled = ?, updated_at = ? where id = ?")) {
                update.setString(1, secrets.seal(configJson));
                update.setBoolean(2, enabled);
                Jdbc.setInstant(update, 3, now);
                update.setString(4, id);
                update.executeUpdate();
            }
            return updated;
        });
    }

    @Override
    public boolean delete(String id) {
        return jdbc.inTransaction("delete channel binding", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from channel_bindings where id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private List<ChannelBinding> query(String operation, String where, String parameter) {
        return jdbc.inTransaction(operation, connection -> select(connection, where, parameter));
    }

    private List<ChannelBinding> select(Connection connection, String where, String parameter) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("select " + COLUMNS + " from channel_bindings " + where)) {
            select.setString(1, parameter);
            List<ChannelBinding> bindings = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    bindings.add(new ChannelBinding(
                            rows.getString("id"),
                            rows.getString("app_id"),
                            rows.getString("type"),
                            secrets.open(rows.getString("config_enc")),
                            rows.getBoolean("enabled"),
                            Jdbc.getInstant(rows, "created_at"),
                            Jdbc.getInstant(rows, "updated_at")));
                }
            }
            return bindings;
        }
    }
}
