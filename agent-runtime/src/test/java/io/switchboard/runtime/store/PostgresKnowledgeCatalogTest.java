package io.switchboard.runtime.store;

import org.junit.jupiter.api.AfterAll;

/** The knowledge tables on a real PostgreSQL ({@code SWITCHBOARD_TEST_PG_URL}), in a schema of their own. */
class PostgresKnowledgeCatalogTest extends KnowledgeCatalogContract {
    private final TestPostgresSchema schema = new TestPostgresSchema("kb_");

    @Override
    protected DatabaseConfig config() {
        return schema.create("knowledge");
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
