package io.switchboard.runtime.knowledge;

import io.switchboard.runtime.net.NetPolicy;
import java.util.Objects;

/**
 * Bounds of ingestion and crawling.
 *
 * @param maxUploadBytes larger uploads are refused
 * @param maxDocumentChars documents with more extracted text fail with a reason
 * @param ingestionConcurrency documents parsed and embedded at the same time (keep low on small machines:
 *     embedding is CPU-bound and chats embed their queries on the same cores)
 * @param crawlMaxPages upper bound of a crawl's page limit
 * @param crawlMaxDepth upper bound of a crawl's depth
 * @param net what fetches may reach (SSRF allowlist, size and time caps)
 */
public record KnowledgeLimits(
        long maxUploadBytes,
        int maxDocumentChars,
        int ingestionConcurrency,
        int crawlMaxPages,
        int crawlMaxDepth,
        NetPolicy net) {
    public static final KnowledgeLimits DEFAULT =
            new KnowledgeLimits(20L * 1024 * 1024, 2_000_000, 1, 200, 5, NetPolicy.DEFAULT);

    public KnowledgeLimits {
        if (maxUploadBytes < 1 || maxDocumentChars < 1) {
            throw new IllegalArgumentException("knowledge.maxUploadBytes and maxDocumentChars must be positive");
        }
        if (ingestionConcurrency < 1 || ingestionConcurrency > 32) {
            throw new IllegalArgumentException("knowledge.ingestionConcurrency must be between 1 and 32");
        }
        if (crawlMaxPages < 1 || crawlMaxDepth < 0 || crawlMaxDepth > 10) {
            throw new IllegalArgumentException("knowledge.crawl maxPages must be positive and maxDepth 0 to 10");
        }
        Objects.requireNonNull(net, "knowledge net policy is required");
    }
}
