package io.switchboard.runtime.knowledge;

/**
 * A chunk as a {@link KnowledgeStore} holds it.
 *
 * @param id unique across all knowledge bases
 * @param knowledgeBaseId the base it belongs to (search filter)
 * @param documentId the document it came from (delete unit)
 * @param documentName shown in citations
 * @param text the passage
 * @param vector its embedding, unit length
 */
public record IndexedChunk(
        String id, String knowledgeBaseId, String documentId, String documentName, String text, float[] vector) {
    public IndexedChunk {
        if (id == null || knowledgeBaseId == null || documentId == null || text == null || vector == null) {
            throw new IllegalArgumentException("id, knowledgeBaseId, documentId, text and vector are required");
        }
        if (vector.length == 0) {
            throw new IllegalArgumentException("vector must not be empty");
        }
        documentName = documentName == null ? "" : documentName;
    }
}
