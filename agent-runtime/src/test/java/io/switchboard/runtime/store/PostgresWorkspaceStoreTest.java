package io.switchboard.runtime.store;

import org.junit.jupiter.api.AfterAll;

/** Workspaces on a real PostgreSQL ({@code SWITCHBOARD_TEST_PG_URL}), in a schema of their own. */
class PostgresWorkspaceStoreTest extends WorkspaceStoreContract {
    private final TestPostgresSchema schema = new TestPostgresSchema("ws_");

    @Override
    protected DatabaseConfig config() {
        return schema.create("workspace");
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
