package io.switchboard.runtime.knowledge;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Knowledge bases, documents, chunks and app links in the relational store. Blocking (JDBC): call from
 * virtual threads. Methods naming a missing record throw {@code NotFoundException}.
 */
public interface KnowledgeCatalog {
    KnowledgeBase createBase(String name, String description, KnowledgeBaseSettings settings);

    Optional<KnowledgeBase> findBase(String id);

    /** All bases, oldest first. */
    List<KnowledgeBase> listBases();

    KnowledgeBase updateBase(String id, String name, String description, KnowledgeBaseSettings settings);

    /** Deletes the base with its documents, chunks and links from apps; false when it did not exist. */
    boolean deleteBase(String id);

    /** Inserts a queued, enabled document without content. */
    KnowledgeDocument createDocument(
            String knowledgeBaseId, String name, String sourceType, String sourceUri, String mediaType, long sizeBytes);

    Optional<KnowledgeDocument> findDocument(String id);

    /** Documents of a base, oldest first. */
    List<KnowledgeDocument> listDocuments(String knowledgeBaseId);

    /** Documents of every base in one of these states (to resume ingestion after a restart). */
    List<KnowledgeDocument> listByStatus(List<DocumentStatus> statuses);

    /** Extracted text of a document, empty before it was parsed. */
    Optional<String> content(String documentId);

    /** Sets status, progress and error; false when the document is gone (deleted meanwhile). */
    boolean updateStatus(String documentId, DocumentStatus status, int progress, String error);

    /** Stores the extracted text, media type and (for crawled pages) the title as name. */
    void saveContent(String documentId, String name, String mediaType, long sizeBytes, String content);

    /** Replaces all chunks of a document in one transaction and sets its chunk count. */
    void replaceChunks(String documentId, List<KnowledgeChunk> chunks);

    List<KnowledgeChunk> chunks(String documentId, int offset, int limit);

    Optional<KnowledgeChunk> findChunk(String chunkId);

    /** Stored embeddings of these chunks by id (missing ids are left out). */
    Map<String, float[]> vectors(Collection<String> chunkIds);

    /** Stored vectors of the base's companion model ({@code embedding.companion}) of these chunks by id. */
    Map<String, float[]> companionVectors(Collection<String> chunkIds);

    /** Stores companion-model vectors of chunks by id (chunks that are gone are skipped). */
    void putCompanionVectors(Map<String, float[]> vectors);

    /** Parent sections of those of these chunks that have one (parent–child chunking), by chunk id. */
    Map<String, String> parents(Collection<String> chunkIds);

    KnowledgeChunk updateChunk(String chunkId, String text, float[] vector);

    /** Switches one chunk on or off; throws {@code NotFoundException} for an unknown chunk. */
    KnowledgeChunk setChunkEnabled(String chunkId, boolean enabled);

    KnowledgeDocument setEnabled(String documentId, boolean enabled);

    boolean deleteDocument(String documentId);
}
