package io.switchboard.runtime.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2StoreTest extends StoreContractTest {
    @TempDir
    static Path directory;

    @Override
    protected DatabaseConfig config() {
        return new DatabaseConfig("jdbc:h2:file:" + directory.resolve("switchboard"), "sa", null, 4);
    }
}
