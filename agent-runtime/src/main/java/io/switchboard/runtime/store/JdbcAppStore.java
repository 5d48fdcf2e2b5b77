package io.switchboard.runtime.store;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.app.App;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.AppStore;
import io.switchboard.runtime.app.AppVersion;
import io.switchboard.runtime.app.QaPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcAppStore implements AppStore {
    private static final String APP_COLUMNS = "id, draft_json, published_version, created_at, updated_at";
    private static final String VERSION_COLUMNS = "app_id, version, config_json, note, created_at";

    private final Jdbc jdbc;

    JdbcAppStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public App create(String id, AppConfig draft) {
        App.requireValidId(id);
        requireDraft(draft);
        return jdbc.inTransaction("create app", connection -> {
            Instant now = jdbc.now();
            insertApp(connection, id, draft, now);
            return new App(id, draft, null, now, now);
        });
    }

    /** Inserts a new unpublished app; {@link ConflictException} when the id is taken. */
    static void insertApp(Connection connection, String id, AppConfig draft, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into apps"
                + " (id, draft_json, provider_id, published_version, created_at, updated_at)"
                + " values (?, ?, ?, null, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, AppConfigJson.write(draft));
            insert.setString(3, providerId(draft));
            Jdbc.setInstant(insert, 4, now);
            Jdbc.setInstant(insert, 5, now);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new ConflictException("app '" + id + "' already exists");
            }
            throw e;
        }
    }

    @Override
    public Optional<App> find(String id) {
        return jdbc.inTransaction("find app", connection -> Optional.ofNullable(findApp(connection, id, false)));
    }

    @Override
    public List<App> list(int offset, int limit) {
        Jdbc.requirePage(offset, limit);
        return jdbc.inTransaction("list apps", connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select " + APP_COLUMNS + " from apps order by id limit ? offset ?")) {
                select.setInt(1, limit);
                select.setInt(2, offset);
                List<App> apps = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        apps.add(app(rows));
                    }
                }
                return apps;
            }
        });
    }

    @Override
    public App updateDraft(String id, AppConfig draft) {
        requireDraft(draft);
        return jdbc.inTransaction("update app draft", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update apps set draft_json = ?, provider_id = ?, updated_at = ? where id = ?")) {
                update.setString(1, AppConfigJson.write(draft));
                update.setString(2, providerId(draft));
                Jdbc.setInstant(update, 3, jdbc.now());
                update.setString(4, id);
                if (update.executeUpdate() == 0) {
                    throw notFound(id);
                }
            }
            return findApp(connection, id, false);
        });
    }

    @Override
    public AppVersion publish(String id, String note) {
        return jdbc.inTransaction("publish app", connection -> {
            // The row lock serialises publishes of one app, so version numbers are consecutive and unique.
            App app = findApp(connection, id, true);
            if (app == null) {
                throw notFound(id);
            }
            int version = latestVersion(connection, id) + 1;
            Instant now = jdbc.now();
            insertVersion(connection, id, version, app.draft(), note, now);
            setPublishedVersion(connection, id, version);
            return new AppVersion(id, version, app.draft(), note, now);
        });
    }

    @Override
    public Optional<AppVersion> annotate(String id, QaPair pair, String note) {
        return jdbc.inTransaction("annotate app", connection -> {
            App app = findApp(connection, id, true);
            if (app == null) {
                throw notFound(id);
            }
            Instant now = jdbc.now();
            AppConfig draft = AppConfigJson.withQaPair(app.draft(), pair);
            try (PreparedStatement update =
                    connection.prepareStatement("update apps set draft_json = ?, updated_at = ? where id = ?")) {
                update.setString(1, AppConfigJson.write(draft));
                Jdbc.setInstant(update, 2, now);
                update.setString(3, id);
                update.executeUpdate();
            }
            if (app.publishedVersion() == null) {
                return Optional.empty();
            }
            AppVersion published = findVersion(connection, id, app.publishedVersion());
            AppConfig config = AppConfigJson.withQaPair(published.config(), pair);
            int version = latestVersion(connection, id) + 1;
            insertVersion(connection, id, version, config, note, now);
            setPublishedVersion(connection, id, version);
            return Optional.of(new AppVersion(id, version, config, note, now));
        });
    }

    @Override
    public App rollback(String id, int version) {
        return jdbc.inTransaction("roll back app", connection -> {
            if (findApp(connection, id, true) == null) {
                throw notFound(id);
            }
            if (findVersion(connection, id, version) == null) {
                throw new NotFoundException("version " + version + " of app '" + id + "' not found");
            }
            setPublishedVersion(connection, id, version);
            return findApp(connection, id, false);
        });
    }

    @Override
    public Optional<AppVersion> findVersion(String id, int version) {
        return jdbc.inTransaction(
                "find app version", connection -> Optional.ofNullable(findVersion(connection, id, version)));
    }

    @Override
    public List<AppVersion> versions(String id) {
        return jdbc.inTransaction("list app versions", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + VERSION_COLUMNS + " from app_versions where app_id = ? order by version desc")) {
                select.setString(1, id);
                List<AppVersion> versions = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        versions.add(version(rows));
                    }
                }
                return versions;
            }
        });
    }

    @Override
    public boolean delete(String id) {
        return jdbc.inTransaction("delete app", connection -> {
            // Children first and explicitly: turn_logs has no foreign key (see V1__store.sql).
            for (String table : List.of("turn_logs", "api_keys", "app_versions")) {
                try (PreparedStatement delete =
                        connection.prepareStatement("delete from " + table + " where app_id = ?")) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("delete from apps where id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static App findApp(Connection connection, String id, boolean forUpdate) throws SQLException {
        String sql = "select " + APP_COLUMNS + " from apps where id = ?" + (forUpdate ? " for update" : "");
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? app(rows) : null;
            }
        }
    }

    private static AppVersion findVersion(Connection connection, String id, int version) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select " + VERSION_COLUMNS + " from app_versions where app_id = ? and version = ?")) {
            select.setString(1, id);
            select.setInt(2, version);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? version(rows) : null;
            }
        }
    }

    private static int latestVersion(Connection connection, String id) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("select coalesce(max(version), 0) from app_versions where app_id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    static void insertVersion(Connection connection, String id, int version, AppConfig config, String note, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into app_versions"
                + " (app_id, version, config_json, provider_id, note, created_at) values (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setInt(2, version);
            insert.setString(3, AppConfigJson.write(config));
            insert.setString(4, providerId(config));
            insert.setString(5, note);
            Jdbc.setInstant(insert, 6, now);
            insert.executeUpdate();
        }
    }

    private void setPublishedVersion(Connection connection, String id, int version) throws SQLException {
        setPublishedVersion(connection, id, version, jdbc.now());
    }

    static void setPublishedVersion(Connection connection, String id, int version, Instant now) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("update apps set published_version = ?, updated_at = ? where id = ?")) {
            update.setInt(1, version);
            Jdbc.setInstant(update, 2, now);
            update.setString(3, id);
            update.executeUpdate();
        }
    }

    private static App app(ResultSet rows) throws SQLException {
        String id = rows.getString("id");
        return new App(
                id,
                AppConfigJson.read(rows.getString("draft_json"), id),
                Jdbc.getNullableInt(rows, "published_version"),
                Jdbc.getInstant(rows, "created_at"),
                Jdbc.getInstant(rows, "updated_at"));
    }

    private static AppVersion version(ResultSet rows) throws SQLException {
        String appId = rows.getString("app_id");
        return new AppVersion(
                appId,
                rows.getInt("version"),
                AppConfigJson.read(rows.getString("config_json"), appId),
                rows.getString("note"),
                Jdbc.getInstant(rows, "created_at"));
    }

    private static String providerId(AppConfig config) {
        return config.model() == null ? null : config.model().providerId();
    }

    private static void requireDraft(AppConfig draft) {
        if (draft == null) {
            throw new IllegalArgumentException("the app configuration (draft) is missing");
        }
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("app '" + id + "' not found");
    }
}
