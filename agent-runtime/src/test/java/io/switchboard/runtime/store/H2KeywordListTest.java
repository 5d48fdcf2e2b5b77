package io.switchboard.runtime.store;

import java.util.UUID;

class H2KeywordListTest extends KeywordListContract {
    @Override
    protected DatabaseConfig config() {
        return new DatabaseConfig(
                "jdbc:h2:mem:kw_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                "sa",
                null,
                4);
    }
}
