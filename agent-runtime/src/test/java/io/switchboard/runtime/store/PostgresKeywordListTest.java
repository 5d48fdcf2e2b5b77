package io.switchboard.runtime.store;

import org.junit.jupiter.api.AfterAll;

/** Keyword lists and hits on a real PostgreSQL ({@code SWITCHBOARD_TEST_PG_URL}), in a schema of their own. */
class PostgresKeywordListTest extends KeywordListContract {
    private final TestPostgresSchema schema = new TestPostgresSchema("kw_");

    @Override
    protected DatabaseConfig config() {
        return schema.create("keyword list");
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
