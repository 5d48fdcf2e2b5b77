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

/** The durable keys on a real PostgreSQL ({@code SWITCHBOARD_TEST_PG_URL}), in a schema of their own. */
class PostgresDurableKeyTest extends DurableKeyContract {
    private final String schema =
            "dk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final String url = System.getenv("SWITCHBOARD_TEST_PG_URL");
    private final String user = System.getenv("SWITCHBOARD_TEST_PG_USER");
    private final String password = System.getenv("SWITCHBOARD_TEST_PG_PASSWORD");

    @Override
    protected DatabaseConfig config() {
        if (url == null || url.isBlank()) {
            if (System.getenv("CI") != null) {
                fail(
                        "PostgreSQL is required in CI: set SWITCHBOARD_TEST_PG_URL, e.g. by sourcing bin/start-postgres.sh");
            }
            assumeTrue(false, "SWITCHBOARD_TEST_PG_URL is not set: PostgreSQL durable key tests skipped");
        }
        execute("create schema " + schema);
        return new DatabaseConfig(
                url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                user,
                Secret.ofNullable(password),
                4);
    }

    @AfterAll
    void dropSchema() {
        if (url != null && !url.isBlank()) {
            close();
            database = null;
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
