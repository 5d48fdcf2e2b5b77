package io.switchboard.runtime.store;

import java.util.UUID;

class H2KnowledgeCatalogTest extends KnowledgeCatalogContract {
    @Override
    protected DatabaseConfig config() {
        return new DatabaseConfig(
                "jdbc:h2:mem:kb_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                "sa",
                null,
                4);
    }
}
