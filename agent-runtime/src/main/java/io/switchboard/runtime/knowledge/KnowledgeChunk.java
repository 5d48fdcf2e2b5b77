package io.switchboard.runtime.knowledge;

/**
 * A stored chunk: the passage, where it sits in its document, and its embedding.
 *
 * @param vector unit-length embedding; the engine index can be rebuilt from it
 * @param parent with parent–child chunking, the section retrieval returns when this chunk matches; else null
 */
public record KnowledgeChunk(
        String id,
        String documentId,
        String knowledgeBaseId,
        int position,
        String text,
        float[] vector,
        String parent) {}
