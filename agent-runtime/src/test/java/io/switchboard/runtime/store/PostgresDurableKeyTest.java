package io.switchboard.runtime.store;

import org.junit.jupiter.api.AfterAll;

/** The durable keys on a real PostgreSQL ({@code SWITCHBOARD_TEST_PG_URL}), in a schema of their own. */
class PostgresDurableKeyTest extends DurableKeyContract {
    private final TestPostgresSchema schema = new TestPostgresSchema("dk_");

    @Override
    protected DatabaseConfig config() {
        return schema.create("durable key");
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
