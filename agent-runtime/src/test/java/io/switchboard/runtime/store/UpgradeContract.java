package io.switchboard.runtime.store;

import io.switchboard.runtime.security.SecretBox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade on H2 and PostgreSQL: migrates a fresh schema to {@link #oldVersion()}, lets the test write
 * rows the old way, then opens the {@link Database} (which migrates to the newest) for the test to check.
 */
abstract class UpgradeContract {
    private final TestPostgresSchema postgres = new TestPostgresSchema("up_");

    @TempDir
    Path directory;

    /** The newest migration the old rows are written against. */
    abstract String oldVersion();

    abstract void writeOldRows(Connection connection) throws Exception;

    abstract void checkUpgraded(Database database) throws Exception;

    @AfterEach
    void dropSchema() {
        postgres.drop();
    }

    @Test
    void should_upgrade_on_h2() throws Exception {
        upgradeAndCheck(new DatabaseConfig("jdbc:h2:file:" + directory.resolve("old"), "sa", null, 4), null);
    }

    @Test
    void should_upgrade_on_postgresql() throws Exception {
        DatabaseConfig config = postgres.create("upgrade");
        String schema = config.jdbcUrl().substring(config.jdbcUrl().indexOf("currentSchema=") + 14);
        upgradeAndCheck(config, schema);
    }

    private void upgradeAndCheck(DatabaseConfig config, String schema) throws Exception {
        String password = config.password() == null ? null : config.password().reveal();
        String url = Database.jdbcUrl(config.jdbcUrl()); // with the H2 options the gateway uses
        var flyway = Flyway.configure()
                .dataSource(url, config.username(), password)
                .locations("classpath:db/migration")
                .target(oldVersion());
        if (schema != null) {
            flyway.schemas(schema).defaultSchema(schema);
        }
        flyway.load().migrate();
        try (Connection connection = DriverManager.getConnection(url, config.username(), password)) {
            writeOldRows(connection);
        }
        try (Database database = Database.open(config, SecretBox.fromBase64(SecretBox.generateKeyBase64()))) {
            checkUpgraded(database);
        }
    }
}
