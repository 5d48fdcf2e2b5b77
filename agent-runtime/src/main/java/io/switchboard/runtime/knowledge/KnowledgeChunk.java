package io.switchboard.runtime.knowledge;

/**
 * A stored chunk: the passage, where it sits in its document, and its embedding.
 *
 * @param vector unit-length embedding; the engine index can be rebuilt from it
 * @param enabled false when an admin switched the chunk off: kept here, never in the engine's index
 * @param parent with parent–child chunking, the section retrieval returns when this chunk matches; else null
 */
public record KnowledgeChunk(
        String id,
        String documentId,
        String knowledgeBaseId,
        int position,
        String text,
        float[] vector,
        boolean enabled,
        String parent) {
    public KnowledgeChunk withEnabled(boolean on) {
        return new KnowledgeChunk(id, documentId, knowledgeBaseId, position, text, vector, on, parent);
    }
}
