package io.switchboard.runtime.store;

import java.util.UUID;

class H2WorkspaceStoreTest extends WorkspaceStoreContract {
    @Override
    protected DatabaseConfig config() {
        return new DatabaseConfig(
                "jdbc:h2:mem:ws_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                "sa",
                null,
                4);
    }
}
