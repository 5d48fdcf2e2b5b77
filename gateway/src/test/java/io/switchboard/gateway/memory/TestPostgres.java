package io.switchboard.gateway.memory;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.gateway.config.GatewayConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A schema of its own on the test PostgreSQL named by {@code SWITCHBOARD_TEST_PG_URL/_USER/_PASSWORD}
 * (see {@code bin/start-postgres.sh}) for gateway nodes: created on demand, dropped at the end.
 */
public final class TestPostgres {
    private final String schema;
    private final String url = System.getenv("SWITCHBOARD_TEST_PG_URL");
    private final String user = System.getenv("SWITCHBOARD_TEST_PG_USER");
    private final String password = System.getenv("SWITCHBOARD_TEST_PG_PASSWORD");
    private boolean created;

    public TestPostgres(String prefix) {
        this.schema = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** Creates the schema; skips the calling test when no PostgreSQL is configured (fails in CI). */
    public GatewayConfig.Database create() {
        if (url == null || url.isBlank()) {
            if (System.getenv("CI") != null) {
                fail("PostgreSQL is required in CI: set SWITCHBOARD_TEST_PG_URL (and _USER, _PASSWORD)");
            }
            assumeTrue(false, "SWITCHBOARD_TEST_PG_URL is not set: PostgreSQL test skipped");
        }
        execute("create schema " + schema);
        created = true;
        return new GatewayConfig.Database(jdbcUrl(), user, password == null ? "" : password, 8);
    }

    /** The URL of the schema (after {@link #create()}). */
    public String jdbcUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public void drop() {
        if (created) {
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
