package io.switchboard.runtime.knowledge;

/**
 * One passage found by a {@link KnowledgeStore}.
 *
 * @param score in [0, 1], higher is better: cosine similarity (vector), the keyword score (keyword; hits
 *     are ranked by BM25 but BM25 itself depends on the size of the base, so it is not what is reported), or
 *     reciprocal-rank fusion normalised so that first in both lists is 1 (hybrid)
 * @param similarity cosine similarity to the query vector when the vector search found it, else NaN
 * @param keywordScore when the keyword search found it, the share of the query's content words the passage
 *     holds ({@link KeywordCoverage}), else NaN
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
