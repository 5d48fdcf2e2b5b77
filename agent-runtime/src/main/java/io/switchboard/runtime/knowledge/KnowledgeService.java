package io.switchboard.runtime.knowledge;

import io.switchboard.runtime.ConflictException;
import io.switchboard.runtime.NotFoundException;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.net.SafeHttpClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Knowledge bases end to end: the catalog (relational store), the engine ({@link KnowledgeStore}),
 * ingestion (parse, chunk, embed on virtual threads) and retrieval for turns. Every method blocks: call
 * from virtual threads, never from the event loop. Ingestion runs in the background; methods that start
 * it return at once with the document queued.
 */
public final class KnowledgeService implements AutoCloseable {

    private final KnowledgeCatalog catalog;
    private final KnowledgeStore store;
    private final KnowledgeLimits limits;
    private final Embedders embedders;
    private final DocumentParser parser;
    private final Ingestion ingestion;
    private final Crawler crawler;
    private final Retrieval retrieval;
    private final Function<String, Optional<ProviderConfig>> providers;

    private KnowledgeService(
            KnowledgeCatalog catalog,
            KnowledgeStore store,
            Function<String, Optional<ProviderConfig>> providers,
            KnowledgeLimits limits) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.store = Objects.requireNonNull(store, "store");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.embedders = new Embedders(providers);
        this.parser = new DocumentParser(limits.maxDocumentChars());
        this.ingestion = new Ingestion(catalog, store, embedders, limits.ingestionConcurrency());
        this.retrieval = new Retrieval(catalog, store, embedders, providers);
        this.crawler = new Crawler(catalog, ingestion, SafeHttpClient.create(limits.net()), parser);
    }

    /**
     * @param providers looks up a model provider for provider embeddings (e.g. {@code AppCatalog::provider})
     */
    public static KnowledgeService create(
            KnowledgeCatalog catalog,
            KnowledgeStore store,
            Function<String, Optional<ProviderConfig>> providers,
            KnowledgeLimits limits) {
        return new KnowledgeService(catalog, store, providers, limits);
    }

    /** Engine name, {@code lucene} or {@code milvus}. */
    public KnowledgeEngine engine() {
        return store.engine();
    }

    /**
     * Resumes after a restart: documents whose ingestion was cut short are re-indexed from their stored text
     * or URL, or failed with a reason when neither exists (an upload interrupted before parsing).
     */
    public void resume() {
        List<DocumentStatus> unfinished = List.of(
                DocumentStatus.QUEUED,
                DocumentStatus.FETCHING,
                DocumentStatus.PARSING,
                DocumentStatus.CHUNKING,
                DocumentStatus.EMBEDDING);
        for (KnowledgeDocument document : catalog.listByStatus(unfinished)) {
            if (catalog.content(document.id()).isPresent() || document.sourceUri() != null) {
                reindex(document.id());
            } else {
                catalog.updateStatus(
                        document.id(),
                        DocumentStatus.FAILED,
                        100,
                        "interrupted by a restart before it was parsed; upload it again");
            }
        }
    }

    // ---- knowledge bases

    public KnowledgeBase createBase(String name, String description, KnowledgeBaseSettings settings) {
        KnowledgeBase.requireValidName(name);
        return catalog.createBase(name.strip(), description, settings);
    }

    public List<KnowledgeBase> bases() {
        return catalog.listBases();
    }

    /** @throws NotFoundException when it does not exist */
    public KnowledgeBase base(String id) {
        return catalog.findBase(id).orElseThrow(() -> new NotFoundException("knowledge base '" + id + "' not found"));
    }

    /** Renames or re-configures; new chunking or embedding settings re-index every document. */
    public KnowledgeBase updateBase(String id, String name, String description, KnowledgeBaseSettings settings) {
        KnowledgeBase current = base(id);
        KnowledgeBase.requireValidName(name);
        KnowledgeBase updated = catalog.updateBase(id, name.strip(), description, settings);
        if (!updated.settings().equals(current.settings())) {
            for (KnowledgeDocument document : catalog.listDocuments(id)) {
                if (!ingestion.isActive(document.id())) {
                    reindex(document.id());
                }
            }
        }
        return updated;
    }

    public void deleteBase(String id) {
        base(id);
        store.deleteKnowledgeBase(id);
        catalog.deleteBase(id);
    }

    // ---- documents

    /** Queues an uploaded file; parsing failures later mark the document failed with the reason. */
    public KnowledgeDocument upload(String knowledgeBaseId, String fileName, byte[] bytes) {
        base(knowledgeBaseId);
        if (fileName == null || fileName.isBlank() || fileName.length() > 500) {
            throw new IllegalArgumentException("name is required (the file name, at most 500 characters)");
        }
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("the file is empty");
        }
        if (bytes.length > limits.maxUploadBytes()) {
            throw new IllegalArgumentException(
                    "the file is larger than the limit of " + limits.maxUploadBytes() + " bytes");
        }
        KnowledgeDocument document = catalog.createDocument(
                knowledgeBaseId, fileName.strip(), KnowledgeDocument.UPLOAD, null, null, bytes.length);
        ingestion.submit(document, doc -> {
            DocumentParser.Parsed parsed = parser.parse(bytes, doc.name(), null, null);
            catalog.saveContent(doc.id(), null, parsed.mediaType(), bytes.length, parsed.text());
            return parsed.text();
        });
        return document;
    }

    /**
     * Starts a crawl; returns the first page's document. The URL is checked against the SSRF guard first.
     *
     * @throws IllegalArgumentException for a URL the guard refuses or limits beyond the configured ones
     */
    public KnowledgeDocument crawl(String knowledgeBaseId, CrawlRequest request) {
        base(knowledgeBaseId);
        if (request.depth() > limits.crawlMaxDepth() || request.maxPages() > limits.crawlMaxPages()) {
            throw new IllegalArgumentException("depth may be at most " + limits.crawlMaxDepth()
                    + " and maxPages at most " + limits.crawlMaxPages());
        }
        URI seed = URI.create(request.url());
        try {
            SafeHttpClient.create(limits.net()).check(seed);
        } catch (io.switchboard.runtime.net.FetchException e) {
            throw new IllegalArgumentException("url refused: " + e.getMessage());
        }
        return crawler.start(knowledgeBaseId, seed, request.depth(), request.maxPages(), request.sameHost());
    }

    public List<KnowledgeDocument> documents(String knowledgeBaseId) {
        base(knowledgeBaseId);
        return catalog.listDocuments(knowledgeBaseId);
    }

    public KnowledgeDocument document(String documentId) {
        return catalog.findDocument(documentId)
                .orElseThrow(() -> new NotFoundException("document '" + documentId + "' not found"));
    }

    /** Parses (URLs: fetches) again, re-chunks and re-embeds with the base's current settings. */
    public KnowledgeDocument reindex(String documentId) {
        KnowledgeDocument document = document(documentId);
        if (ingestion.isActive(documentId)) {
            throw new ConflictException("document '" + documentId + "' is being ingested; wait until it is ready");
        }
        catalog.updateStatus(documentId, DocumentStatus.QUEUED, 0, null);
        Optional<String> content = catalog.content(documentId);
        if (KnowledgeDocument.URL.equals(document.sourceType())) {
            crawler.refetch(document);
        } else if (content.isPresent()) {
            String text = content.get();
            ingestion.submit(document, ignored -> text);
        } else {
            catalog.updateStatus(documentId, DocumentStatus.FAILED, 100, "no stored text to re-index; upload it again");
        }
        return document(documentId);
    }

    /** Disabled documents keep their chunks but leave the search index until enabled again. */
    public KnowledgeDocument setEnabled(String documentId, boolean enabled) {
        KnowledgeDocument before = document(documentId);
        KnowledgeDocument after = catalog.setEnabled(documentId, enabled);
        if (!enabled) {
            store.deleteDocument(before.knowledgeBaseId(), documentId);
        } else if (!before.enabled() && after.status() == DocumentStatus.READY) {
            store.add(Ingestion.indexed(catalog.chunks(documentId, 0, 1000), after.name()));
            for (int offset = 1000; offset < after.chunkCount(); offset += 1000) {
                store.add(Ingestion.indexed(catalog.chunks(documentId, offset, 1000), after.name()));
            }
        }
        return after;
    }

    public void deleteDocument(String documentId) {
        KnowledgeDocument document = document(documentId);
        catalog.deleteDocument(documentId);
        store.deleteDocument(document.knowledgeBaseId(), documentId);
    }

    public List<KnowledgeChunk> chunks(String documentId, int offset, int limit) {
        document(documentId);
        return catalog.chunks(documentId, offset, limit);
    }

    /**
     * A chunk by id.
     *
     * @throws NotFoundException when there is none
     */
    public KnowledgeChunk chunk(String chunkId) {
        return catalog.findChunk(chunkId).orElseThrow(() -> new NotFoundException("chunk '" + chunkId + "' not found"));
    }

    /**
     * Switches one chunk off (it leaves the engine's index and is never retrieved) or on again (indexed
     * again while its document is enabled and ready).
     */
    public KnowledgeChunk setChunkEnabled(String chunkId, boolean enabled) {
        KnowledgeChunk chunk = catalog.findChunk(chunkId)
                .orElseThrow(() -> new NotFoundException("chunk '" + chunkId + "' not found"));
        KnowledgeDocument document = document(chunk.documentId());
        KnowledgeChunk updated = catalog.setChunkEnabled(chunkId, enabled);
        if (!enabled) {
            store.deleteChunks(List.of(chunkId));
        } else if (document.enabled() && document.status() == DocumentStatus.READY) {
            store.add(Ingestion.indexed(List.of(updated), document.name()));
        }
        return updated;
    }

    /** Replaces a chunk's text, embeds it again and updates the index. */
    public KnowledgeChunk editChunk(String chunkId, String text) {
        if (text == null || text.isBlank() || text.codePointCount(0, text.length()) > 8000) {
            throw new IllegalArgumentException("text is required and must be at most 8000 characters");
        }
        KnowledgeChunk chunk = catalog.findChunk(chunkId)
                .orElseThrow(() -> new NotFoundException("chunk '" + chunkId + "' not found"));
        KnowledgeBase base = base(chunk.knowledgeBaseId());
        KnowledgeDocument document = document(chunk.documentId());
        float[] vector = embedders.embedQuery(base.settings().embedding(), text.strip());
        KnowledgeChunk updated = catalog.updateChunk(chunkId, text.strip(), vector);
        EmbeddingSettings companion = base.settings().embedding().companionSettings();
        if (companion != null) {
            catalog.putCompanionVectors(Map.of(chunkId, embedders.embedQuery(companion, text.strip())));
        }
        if (document.enabled()) {
            store.add(Ingestion.indexed(List.of(updated), document.name()));
        }
        return updated;
    }

    // ---- links and retrieval

    /**
     * Checks that these bases exist (an app's link lives in its configuration; a base deleted later is
     * skipped by retrieval).
     *
     * @throws IllegalArgumentException naming the first missing base
     */
    public void requireBases(List<String> knowledgeBaseIds) {
        for (String id : knowledgeBaseIds) {
            if (catalog.findBase(id).isEmpty()) {
                throw new IllegalArgumentException("knowledgeBaseIds: knowledge base '" + id + "' does not exist");
            }
        }
    }

    // ---- embeddings for the developer API

    /** The embedding model of an app's knowledge: its first linked base's, or the default without one. */
    public EmbeddingSettings embeddingOf(KnowledgeLink link) {
        if (link == null) {
            return EmbeddingSettings.DEFAULT;
        }
        return link.knowledgeBaseIds().stream()
                .findFirst()
                .flatMap(catalog::findBase)
                .map(base -> base.settings().embedding())
                .orElse(EmbeddingSettings.DEFAULT);
    }

    /** Unit-length vectors of {@code texts} with the model of {@code settings}, in order. */
    public List<float[]> embed(EmbeddingSettings settings, List<String> texts) {
        return embedders.embedAll(settings, texts);
    }

    /**
     * Checks that the provider a link's reranking names exists.
     *
     * @throws IllegalArgumentException naming it
     */
    public void requireReranker(KnowledgeLink link) {
        RerankSettings rerank = link.rerank();
        if (rerank.model().equals(RerankSettings.PROVIDER)
                && providers.apply(rerank.providerId()).isEmpty()) {
            throw new IllegalArgumentException(
                    "rerank.providerId: provider '" + rerank.providerId() + "' does not exist");
        }
    }

    /** Passages for an app's link, thresholded, reranked when it asks, best first. */
    public List<Passage> retrieve(KnowledgeLink link, String query) {
        return retrieval.retrieve(link, query);
    }

    /** What each mode returns for {@code query} over these bases, unthresholded: for tuning. */
    public Map<RetrievalMode, List<Passage>> hitTest(List<String> knowledgeBaseIds, String query, int topK) {
        knowledgeBaseIds.forEach(this::base);
        return retrieval.hitTest(knowledgeBaseIds, query, topK);
    }

    @Override
    public void close() {
        ingestion.close();
        retrieval.close();
    }
}
