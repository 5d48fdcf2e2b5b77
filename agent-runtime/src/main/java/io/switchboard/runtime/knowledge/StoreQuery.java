package io.switchboard.runtime.knowledge;

import java.util.List;

/**
 * A search in a {@link KnowledgeStore}.
 *
 * @param knowledgeBaseIds only chunks of these bases are returned; must not be empty
 * @param text the query text (keyword and hybrid modes)
 * @param vector the query embedding, unit length (vector and hybrid modes)
 * @param mode how to search
 * @param topK how many hits at most
 * @param synonyms widen the keyword search and count for the keyword score (null: none)
 */
public record StoreQuery(
        List<String> knowledgeBaseIds, String text, float[] vector, RetrievalMode mode, int topK, Synonyms synonyms) {
    public StoreQuery {
        synonyms = synonyms == null ? Synonyms.NONE : synonyms;
        if (knowledgeBaseIds == null || knowledgeBaseIds.isEmpty()) {
            throw new IllegalArgumentException("knowledgeBaseIds must name at least one knowledge base");
        }
        knowledgeBaseIds = List.copyOf(knowledgeBaseIds);
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        if (mode != RetrievalMode.KEYWORD && (vector == null || vector.length == 0)) {
            throw new IllegalArgumentException(mode.wireName() + " search needs a query vector");
        }
        if (mode != RetrievalMode.VECTOR && (text == null || text.isBlank())) {
            throw new IllegalArgumentException(mode.wireName() + " search needs query text");
        }
        if (topK < 1 || topK > 100) {
            throw new IllegalArgumentException("topK must be between 1 and 100, got " + topK);
        }
    }
}
