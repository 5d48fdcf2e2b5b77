package io.switchboard.runtime.store;

import org.junit.jupiter.api.AfterAll;

/** The ways-in stores on a real PostgreSQL ({@code SWITCHBOARD_TEST_PG_URL}), in a schema of their own. */
class PostgresWaysInTest extends WaysInContract {
    private final TestPostgresSchema schema = new TestPostgresSchema("wi_");

    @Override
    protected DatabaseConfig config() {
        return schema.create("ways in");
    }

    @AfterAll
    void dropSchema() {
        if (schema.configured()) {
            close();
            database = null;
            schema.drop();
        }
    }
}
