package io.switchboard.runtime.store;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.runtime.security.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A schema of its own on the test PostgreSQL named by {@code SWITCHBOARD_TEST_PG_URL/_USER/_PASSWORD}
 * (see {@code bin/start-postgres.sh}), for one test class: created on demand, dropped at the end.
 */
final class TestPostgresSchema {
    private final String schema;
    private final String url = System.getenv("SWITCHBOARD_TEST_PG_URL");
    private final String user = System.getenv("SWITCHBOARD_TEST_PG_USER");
    private final String password = System.getenv("SWITCHBOARD_TEST_PG_PASSWORD");

    /** @param prefix starts the schema's name, e.g. {@code t_} */
    TestPostgresSchema(String prefix) {
        this.schema = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /**
     * Creates the schema and returns a configuration using it; skips the calling test when no PostgreSQL
     * is configured (fails in CI, where one must be).
     */
    DatabaseConfig create(String tests) {
        if (!configured()) {
            if (System.getenv("CI") != null) {
                fail("PostgreSQL is required in CI: set SWITCHBOARD_TEST_PG_URL (and _USER, _PASSWORD),"
                        + " e.g. by sourcing bin/start-postgres.sh");
            }
            assumeTrue(false, "SWITCHBOARD_TEST_PG_URL is not set: PostgreSQL " + tests + " tests skipped");
        }
        execute("create schema " + schema);
        return new DatabaseConfig(
                url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                user,
                Secret.ofNullable(password),
                4);
    }

    boolean configured() {
        return url != null && !url.isBlank();
    }

    void drop() {
        if (configured()) {
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
