package io.switchboard.runtime.store;

import java.util.UUID;

class H2SessionAndAuditTest extends SessionAndAuditContract {
    @Override
    protected DatabaseConfig config() {
        return new DatabaseConfig(
                "jdbc:h2:mem:sa_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                "sa",
                null,
                4);
    }
}
