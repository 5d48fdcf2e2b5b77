package io.switchboard.runtime.knowledge;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LuceneKnowledgeStoreTest extends KnowledgeStoreContract {
    @TempDir
    Path directory;

    @Override
    protected KnowledgeStore open() {
        return LuceneKnowledgeStore.open(directory);
    }
}
