package io.switchboard.runtime.knowledge;

import static org.assertj.core.api.Assumptions.assumeThat;

import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the contract against a real Milvus-protocol server (milvus-lite, started by {@code bin/test}) named
 * by {@code SWITCHBOARD_TEST_MILVUS_URI}. Skipped without it, except on CI (env {@code CI} set), where a
 * missing server is a failure.
 */
class MilvusKnowledgeStoreTest extends KnowledgeStoreContract {
    static final String URI = System.getenv("SWITCHBOARD_TEST_MILVUS_URI");

    @BeforeAll
    static void requireServer() {
        if (URI == null || URI.isBlank()) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("CI is set but SWITCHBOARD_TEST_MILVUS_URI is not: start milvus-lite");
            }
            assumeThat(URI)
                    .as("SWITCHBOARD_TEST_MILVUS_URI (a running milvus-lite)")
                    .isNotBlank();
        }
    }

    @Override
    protected boolean countsWords() {
        return false;
    }

    @Override
    protected KnowledgeStore open() {
        return MilvusKnowledgeStore.connect(URI, null, "sbtest_chunks");
    }
}
