package io.switchboard.runtime.store;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.runtime.security.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * The store contract on a real PostgreSQL, named by {@code SWITCHBOARD_TEST_PG_URL/_USER/_PASSWORD} (see
 * {@code bin/start-postgres.sh}). Each run gets its own schema, dropped at the end.
 */
class PostgresStoreTest extends StoreContractTest {
    private final String schema =
            "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private String url;
    private String user;
    private String password;

    @Override
    protected DatabaseConfig config() {
        url = System.getenv("SWITCHBOARD_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            if (System.getenv("CI") != null) {
                fail("PostgreSQL is required in CI: set SWITCHBOARD_TEST_PG_URL (and _USER, _PASSWORD),"
                        + " e.g. by sourcing bin/start-postgres.sh");
            }
            assumeTrue(false, "SWITCHBOARD_TEST_PG_URL is not set: PostgreSQL store tests skipped");
        }
        user = System.getenv("SWITCHBOARD_TEST_PG_USER");
        password = System.getenv("SWITCHBOARD_TEST_PG_PASSWORD");
        execute("create schema " + schema);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new DatabaseConfig(schemaUrl, user, Secret.ofNullable(password), 4);
    }

    @AfterAll
    void dropSchema() {
        if (url != null && !url.isBlank()) {
            closeDatabase();
            execute("drop schema if exists " + schema + " cascade");
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on the test PostgreSQL", e);
        }
    }
}
