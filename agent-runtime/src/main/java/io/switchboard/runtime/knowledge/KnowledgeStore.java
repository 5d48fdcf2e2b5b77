package io.switchboard.runtime.knowledge;

import java.util.List;

/**
 * Where chunks are indexed and searched: Lucene on local disk ({@link LuceneKnowledgeStore}) or Milvus
 * ({@link MilvusKnowledgeStore}). Both pass the same contract tests and score alike (see {@link StoreHit}).
 * Blocking: call from virtual threads. Thread-safe. Vectors of different lengths (one per embedding
 * model) may coexist; a query only meets chunks whose vectors have its length.
 */
public interface KnowledgeStore extends AutoCloseable {
    /** Adds or replaces (same id) chunks; durable when it returns. */
    void add(List<IndexedChunk> chunks);

    /** Removes every chunk of a document; durable when it returns. */
    void deleteDocument(String knowledgeBaseId, String documentId);

    /** Removes every chunk of a knowledge base. */
    void deleteKnowledgeBase(String knowledgeBaseId);

    /** Removes chunks by id. */
    void deleteChunks(List<String> chunkIds);

    /** Best hits first, at most {@code query.topK()}; never null. */
    List<StoreHit> search(StoreQuery query);

    /**
     * How many chunks of these bases hold each of {@code text}'s content words, counted as the keyword score
     * counts them (the word itself or, with {@code synonyms}, all words of one of its alternatives), and how
     * many chunks the bases have: how rare each word is, for the local reranker. Engines that cannot count
     * cheaply return {@link WordCounts#UNKNOWN} (the default); the reranker then scores without rarity.
     */
    default WordCounts wordCounts(List<String> knowledgeBaseIds, String text, Synonyms synonyms) {
        return WordCounts.UNKNOWN;
    }

    /** Number of chunks of a knowledge base (for status and tests). */
    long count(String knowledgeBaseId);

    /** Which engine this is, for logs. */
    KnowledgeEngine engine();

    @Override
    void close();
}
