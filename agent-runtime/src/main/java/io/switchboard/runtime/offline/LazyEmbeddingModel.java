package io.switchboard.runtime.offline;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Loads an in-process model on first use (about half a second and some 100 MiB each), once, however
 * many threads ask at the same time.
 */
final class LazyEmbeddingModel {
    private final Supplier<EmbeddingModel> loader;
    // A lock rather than synchronized, so virtual threads waiting for the load do not pin carriers.
    private final ReentrantLock lock = new ReentrantLock();
    private volatile EmbeddingModel model;

    LazyEmbeddingModel(Supplier<EmbeddingModel> loader) {
        this.loader = loader;
    }

    EmbeddingModel get() {
        EmbeddingModel loaded = model;
        if (loaded != null) {
            return loaded;
        }
        lock.lock();
        try {
            if (model == null) {
                model = loader.get();
            }
            return model;
        } finally {
            lock.unlock();
        }
    }
}
