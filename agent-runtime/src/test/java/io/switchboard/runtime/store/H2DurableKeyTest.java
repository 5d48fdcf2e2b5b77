package io.switchboard.runtime.store;

import java.util.UUID;

class H2DurableKeyTest extends DurableKeyContract {
    @Override
    protected DatabaseConfig config() {
        return new DatabaseConfig(
                "jdbc:h2:mem:dk_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                "sa",
                null,
                4);
    }
}
