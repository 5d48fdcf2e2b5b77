package io.switchboard.runtime.knowledge;

import io.switchboard.runtime.security.RandomIds;
import io.switchboard.threads.VirtualThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs documents through parsing, chunking, embedding and indexing on virtual threads, at most
 * {@code ingestionConcurrency} at a time, updating status and progress as it goes. A failing document is
 * marked failed with its reason; the others carry on.
 */
final class Ingestion implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ingestion.class);
    /** Texts per embedding call: enough to keep every core busy, few enough to report progress often. */
    private static final int EMBED_BATCH = 32;
    /** How long close waits for a running step (one embedding batch, one index write) to finish. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    /** Produces a document's text; runs inside the permit (parsing is CPU work too). */
    @FunctionalInterface
    interface Source {
        /** Returns the text to chunk, having saved it with the catalog; throws ParseFailure with a reason. */
        String text(KnowledgeDocument document);
    }

    private final KnowledgeCatalog catalog;
    private final KnowledgeStore store;
    private final Embedders embedders;
    private final Semaphore permits;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(VirtualThreads.factory("ingestion"));
    private final Map<String, Boolean> active = new ConcurrentHashMap<>();
    /** Set by close: work stops between steps, leaving the document for {@code resume} after a restart. */
    private volatile boolean closing;

    Ingestion(KnowledgeCatalog catalog, KnowledgeStore store, Embedders embedders, int concurrency) {
        this.catalog = catalog;
        this.store = store;
        this.embedders = embedders;
        this.permits = new Semaphore(concurrency, true);
    }

    boolean isActive(String documentId) {
        return active.containsKey(documentId);
    }

    /** Queues a document; false when it is already being ingested. */
    boolean submit(KnowledgeDocument document, Source source) {
        if (active.putIfAbsent(document.id(), Boolean.TRUE) != null) {
            return false;
        }
        executor.execute(() -> {
            try {
                permits.acquire();
                try {
                    run(document, source);
                } finally {
                    permits.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                active.remove(document.id());
            }
        });
        return true;
    }

    /** Runs {@code work} on a virtual thread of this executor (crawls, whose pages are submitted one by one). */
    void background(Runnable work) {
        executor.execute(work);
    }

    private void run(KnowledgeDocument document, Source source) {
        String id = document.id();
        try {
            KnowledgeBase base = catalog.findBase(document.knowledgeBaseId()).orElse(null);
            if (closing || base == null || !catalog.updateStatus(id, DocumentStatus.PARSING, 5, null)) {
                return; // deleted meanwhile
            }
            String text = source.text(document);
            if (closing || !catalog.updateStatus(id, DocumentStatus.CHUNKING, 15, null)) {
                return;
            }
            List<StructuredChunker.Piece> pieces =
                    new StructuredChunker(base.settings().chunking()).chunk(text);
            if (pieces.isEmpty()) {
                throw new DocumentParser.ParseFailure("the document holds no text to index");
            }
            catalog.updateStatus(id, DocumentStatus.EMBEDDING, 20, null);
            List<KnowledgeChunk> chunks = new ArrayList<>(pieces.size());
            EmbeddingSettings companion = base.settings().embedding().companionSettings();
            Map<String, float[]> companionVectors = new HashMap<>();
            for (int start = 0; start < pieces.size(); start += EMBED_BATCH) {
                List<StructuredChunker.Piece> batch =
                        pieces.subList(start, Math.min(pieces.size(), start + EMBED_BATCH));
                List<String> texts =
                        batch.stream().map(StructuredChunker.Piece::text).toList();
                List<float[]> vectors = embedders.embedAll(base.settings().embedding(), texts);
                List<float[]> seconds = companion == null ? null : embedders.embedAll(companion, texts);
                for (int i = 0; i < batch.size(); i++) {
                    String chunkId = RandomIds.base62("ch_", 20);
                    if (seconds != null) {
                        companionVectors.put(chunkId, seconds.get(i));
                    }
                    chunks.add(new KnowledgeChunk(
                            chunkId,
                            id,
                            base.id(),
                            start + i,
                            batch.get(i).text(),
                            vectors.get(i),
                            true,
                            batch.get(i).parent()));
                }
                int progress = 20 + (int) (70L * chunks.size() / pieces.size());
                if (closing || !catalog.updateStatus(id, DocumentStatus.EMBEDDING, progress, null)) {
                    return;
                }
            }
            catalog.replaceChunks(id, chunks);
            catalog.putCompanionVectors(companionVectors);
            KnowledgeDocument current = catalog.findDocument(id).orElse(null);
            store.deleteDocument(base.id(), id);
            if (current == null) {
                return;
            }
            if (current.enabled()) {
                store.add(indexed(chunks, current.name()));
            }
            catalog.updateStatus(id, DocumentStatus.READY, 100, null);
            LOG.info("document {} of knowledge base {} ready: {} chunks", id, base.id(), chunks.size());
        } catch (DocumentParser.ParseFailure e) {
            fail(id, e.getMessage());
        } catch (OutOfMemoryError e) {
            fail(id, "the document is too large to process");
        } catch (RuntimeException e) {
            LOG.warn("ingesting document {} failed", id, e);
            fail(
                    id,
                    "ingestion failed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + clip(e.getMessage())));
        }
    }

    private void fail(String id, String reason) {
        try {
            catalog.updateStatus(id, DocumentStatus.FAILED, 100, reason);
        } catch (RuntimeException e) {
            LOG.warn("could not mark document {} failed", id, e);
        }
    }

    /** What the engine indexes of {@code chunks}: the enabled ones. */
    static List<IndexedChunk> indexed(List<KnowledgeChunk> chunks, String documentName) {
        return chunks.stream()
                .filter(KnowledgeChunk::enabled)
                .map(c -> new IndexedChunk(
                        c.id(), c.knowledgeBaseId(), c.documentId(), documentName, c.text(), c.vector()))
                .toList();
    }

    private static String clip(String message) {
        return message.length() > 300 ? message.substring(0, 300) : message;
    }

    /**
     * Lets running documents reach their next step and stop there before interrupting anything: an
     * interrupt inside a Lucene write closes its file channel, which leaves the index writer broken
     * ("unrecoverable error") for every knowledge base until the process restarts.
     */
    @Override
    public void close() {
        closing = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("ingestion still running {} after close; interrupting it", CLOSE_GRACE);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
