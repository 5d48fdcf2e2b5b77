package io.switchboard.runtime.knowledge;

/**
 * One passage found by a {@link KnowledgeStore}.
 *
 * @param score in [0, 1], higher is better: cosine similarity (vector), saturated BM25 {@code s/(s+1)}
 *     (keyword), or reciprocal-rank fusion normalised so that first in both lists is 1 (hybrid)
 * @param similarity cosine similarity to the query vector when the vector search found it, else NaN
 * @param keywordScore saturated BM25 when the keyword search found it, else NaN; a hybrid passage passes a
 *     threshold when its similarity or its keyword score reaches it
 */
public record StoreHit(
        String chunkId,
        String knowledgeBaseId,
        String documentId,
        String documentName,
        String text,
        double score,
        double similarity,
        double keywordScore) {}
