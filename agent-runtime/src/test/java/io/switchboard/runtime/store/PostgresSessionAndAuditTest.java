package io.switchboard.runtime.store;

import org.junit.jupiter.api.AfterAll;

/** Sessions and audit on a real PostgreSQL ({@code SWITCHBOARD_TEST_PG_URL}), in a schema of their own. */
class PostgresSessionAndAuditTest extends SessionAndAuditContract {
    private final TestPostgresSchema schema = new TestPostgresSchema("sa_");

    @Override
    protected DatabaseConfig config() {
        return schema.create("session and audit");
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
