package io.switchboard.runtime.knowledge;

/** Per knowledge base: how to chunk and how to embed. Missing parts take the defaults. */
public record KnowledgeBaseSettings(ChunkingSettings chunking, EmbeddingSettings embedding) {
    public static final KnowledgeBaseSettings DEFAULT = new KnowledgeBaseSettings(null, null);

    public KnowledgeBaseSettings {
        chunking = chunking == null ? ChunkingSettings.DEFAULT : chunking;
        embedding = embedding == null ? EmbeddingSettings.DEFAULT : embedding;
    }
}
