package io.switchboard.runtime.knowledge;

import java.time.Instant;

/**
 * A document of a knowledge base and its ingestion state.
 *
 * @param sourceType {@code upload} or {@code url}
 * @param sourceUri the crawled URL, null for uploads
 * @param progress 0–100 within the whole ingestion
 * @param error why it failed, in plain words; null unless {@code status} is {@code FAILED}
 * @param enabled disabled documents keep their chunks but are not searched
 */
public record KnowledgeDocument(
        String id,
        String knowledgeBaseId,
        String name,
        String sourceType,
        String sourceUri,
        String mediaType,
        long sizeBytes,
        DocumentStatus status,
        int progress,
        String error,
        boolean enabled,
        int chunkCount,
        Instant createdAt,
        Instant updatedAt) {
    public static final String UPLOAD = "upload";
    public static final String URL = "url";
}
