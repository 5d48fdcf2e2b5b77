package io.switchboard.runtime.store;

import org.junit.jupiter.api.AfterAll;

/**
 * The store contract on a real PostgreSQL, named by {@code SWITCHBOARD_TEST_PG_URL/_USER/_PASSWORD} (see
 * {@code bin/start-postgres.sh}). Each run gets its own schema, dropped at the end.
 */
class PostgresStoreTest extends StoreContractTest {
    private final TestPostgresSchema schema = new TestPostgresSchema("t_");

    @Override
    protected DatabaseConfig config() {
        return schema.create("store");
    }

    @AfterAll
    void dropSchema() {
        if (schema.configured()) {
            closeDatabase();
            schema.drop();
        }
    }
}
