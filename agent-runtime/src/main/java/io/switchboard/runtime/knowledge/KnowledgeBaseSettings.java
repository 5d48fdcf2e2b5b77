package io.switchboard.runtime.knowledge;

/**
 * Per knowledge base: how to chunk, how to embed, and which words keyword search treats as one. Missing
 * parts take the defaults.
 */
public record KnowledgeBaseSettings(ChunkingSettings chunking, EmbeddingSettings embedding, Synonyms synonyms) {
    public static final KnowledgeBaseSettings DEFAULT = new KnowledgeBaseSettings(null, null, null);

    public KnowledgeBaseSettings {
        chunking = chunking == null ? ChunkingSettings.DEFAULT : chunking;
        embedding = embedding == null ? EmbeddingSettings.DEFAULT : embedding;
        synonyms = synonyms == null ? Synonyms.NONE : synonyms;
    }
}
