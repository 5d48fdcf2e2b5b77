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
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_MAX_DOCUMENT_CHARS = 2_000_000;
    public static final int DEFAULT_INGESTION_CONCURRENCY = 1;
    public static final int DEFAULT_CRAWL_MAX_PAGES = 200;
    public static final int DEFAULT_CRAWL_MAX_DEPTH = 5;

    public static final KnowledgeLimits DEFAULT = builder().build();

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

    /** The {@code DEFAULT_*} bounds and {@link NetPolicy#DEFAULT}, until set otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private int maxDocumentChars = DEFAULT_MAX_DOCUMENT_CHARS;
        private int ingestionConcurrency = DEFAULT_INGESTION_CONCURRENCY;
        private int crawlMaxPages = DEFAULT_CRAWL_MAX_PAGES;
        private int crawlMaxDepth = DEFAULT_CRAWL_MAX_DEPTH;
        private NetPolicy net = NetPolicy.DEFAULT;

        private Builder() {}

        public Builder maxUploadBytes(long maxUploadBytes) {
            this.maxUploadBytes = maxUploadBytes;
            return this;
        }

        public Builder maxDocumentChars(int maxDocumentChars) {
            this.maxDocumentChars = maxDocumentChars;
            return this;
        }

        public Builder ingestionConcurrency(int ingestionConcurrency) {
            this.ingestionConcurrency = ingestionConcurrency;
            return this;
        }

        public Builder crawlMaxPages(int crawlMaxPages) {
            this.crawlMaxPages = crawlMaxPages;
            return this;
        }

        public Builder crawlMaxDepth(int crawlMaxDepth) {
            this.crawlMaxDepth = crawlMaxDepth;
            return this;
        }

        public Builder net(NetPolicy net) {
            this.net = net;
            return this;
        }

        /** @throws IllegalArgumentException naming the bound that is out of range */
        public KnowledgeLimits build() {
            return new KnowledgeLimits(
                    maxUploadBytes, maxDocumentChars, ingestionConcurrency, crawlMaxPages, crawlMaxDepth, net);
        }
    }
}
