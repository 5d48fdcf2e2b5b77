package io.switchboard.runtime.store;

import org.junit.jupiter.api.AfterAll;

/** Conversation memory on a real PostgreSQL ({@code SWITCHBOARD_TEST_PG_URL}), in a schema of their own. */
class PostgresConversationStoreTest extends ConversationStoreContract {
    private final TestPostgresSchema schema = new TestPostgresSchema("cs_");

    @Override
    protected DatabaseConfig config() {
        return schema.create("conversation store");
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
