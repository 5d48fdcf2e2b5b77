package io.switchboard.runtime.knowledge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.runtime.model.ProviderConfig;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Searches for turns and hit tests: embeds the query per embedding model, searches, applies thresholds,
 * reranks when the link asks for it, and swaps matched chunks for their parent sections.
 */
final class Retrieval implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Retrieval.class);

    /**
     * What a search found, the query vector used for each base and, for the local reranker, the query's
     * vector by each base's companion model (bases without one are absent).
     */
    record Found(
            List<StoreHit> hits,
            Map<String, float[]> vectors,
            Map<String, float[]> companionVectors,
            Synonyms synonyms) {}

    private final KnowledgeCatalog catalog;
    private final KnowledgeStore store;
    private final Embedders embedders;
    private final Function<String, Optional<ProviderConfig>> providers;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final LocalReranker local;
    private final Cache<String, Reranker> remote = Caffeine.newBuilder()
            .maximumSize(50)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    Retrieval(
            KnowledgeCatalog catalog,
            KnowledgeStore store,
            Embedders embedders,
            Function<String, Optional<ProviderConfig>> providers) {
        this.catalog = catalog;
        this.store = store;
        this.embedders = embedders;
        this.providers = providers;
        this.local = new LocalReranker(
                catalog::vectors, catalog::companionVectors, store::wordCounts, LocalReranker.Weights.DEFAULT);
    }

    /** Passages for an app's link, thresholded, reranked when asked, best first, at most topK. */
    List<Passage> retrieve(KnowledgeLink link, String query) {
        RerankSettings rerank = link.rerank();
        int candidates = rerank.enabled() ? Math.max(link.topK(), rerank.candidates()) : link.topK();
        Found found = search(
                link.knowledgeBaseIds(),
                query,
                link.mode(),
                candidates,
                rerank.model().equals(RerankSettings.LOCAL));
        List<StoreHit> passing = found.hits().stream().filter(link::passes).toList();
        List<Passage> passages = new ArrayList<>();
        if (rerank.enabled() && !passing.isEmpty()) {
            passages.addAll(rerank(rerank, query, found, passing));
        } else {
            passing.forEach(hit -> passages.add(Passage.of(hit)));
        }
        List<Passage> withParents = withParents(link.knowledgeBaseIds(), passages);
        return withParents.size() > link.topK() ? List.copyOf(withParents.subList(0, link.topK())) : withParents;
    }

    /** Reorders by the reranker's scores and drops those below its threshold; on failure keeps the order. */
    private List<Passage> rerank(RerankSettings settings, String query, Found found, List<StoreHit> hits) {
        double[] scores;
        try {
            scores = settings.model().equals(RerankSettings.LOCAL)
                    ? local.scores(query, found.vectors(), found.companionVectors(), found.synonyms(), hits)
                    : reranker(settings).scores(query, found.vectors(), found.companionVectors(), hits);
        } catch (RuntimeException e) {
            LOG.warn("reranking failed, keeping the retrieval order: {}", e.getMessage());
            return hits.stream().map(Passage::of).toList();
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            if (scores[i] >= settings.threshold()) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        List<Passage> passages = new ArrayList<>();
        for (int i : order) {
            StoreHit hit = hits.get(i);
            passages.add(new Passage(
                    hit.chunkId(), hit.documentId(), hit.documentName(), hit.knowledgeBaseId(), hit.text(), scores[i]));
        }
        return passages;
    }

    private Reranker reranker(RerankSettings settings) {
        if (settings.model().equals(RerankSettings.LOCAL)) {
            return local;
        }
        return remote.get(settings.providerId() + "\u0000" + settings.providerModel(), key -> {
            ProviderConfig provider = providers
                    .apply(settings.providerId())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "rerank.providerId '" + settings.providerId() + "' names no provider"));
            return new ProviderReranker(http, provider, settings.providerModel());
        });
    }

    /**
     * Parent–child: a passage of a base chunked that way is replaced by its parent section, and a section
     * that several matched chunks share is returned once, where its best chunk ranked.
     */
    List<Passage> withParents(List<String> knowledgeBaseIds, List<Passage> passages) {
        boolean any = knowledgeBaseIds.stream()
                .map(catalog::findBase)
                .flatMap(Optional::stream)
                .anyMatch(base -> base.settings().chunking().parentChild());
        if (!any || passages.isEmpty()) {
            return passages;
        }
        Map<String, String> parents =
                catalog.parents(passages.stream().map(Passage::chunkId).toList());
        List<Passage> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Passage passage : passages) {
            String parent = parents.get(passage.chunkId());
            String text = parent == null ? passage.text() : parent;
            if (seen.add(passage.documentId() + "\u0000" + text)) {
                result.add(
                        parent == null
                                ? passage
                                : new Passage(
                                        passage.chunkId(),
                                        passage.documentId(),
                                        passage.documentName(),
                                        passage.knowledgeBaseId(),
                                        parent,
                                        passage.score()));
            }
        }
        return result;
    }

    /** What each mode returns for {@code query} over these bases, unthresholded: for tuning. */
    Map<RetrievalMode, List<Passage>> hitTest(List<String> knowledgeBaseIds, String query, int topK) {
        if (query == null || query.isBlank() || query.codePointCount(0, query.length()) > 2000) {
            throw new IllegalArgumentException("query is required and must be at most 2000 characters");
        }
        Map<RetrievalMode, List<Passage>> result = new EnumMap<>(RetrievalMode.class);
        for (RetrievalMode mode : RetrievalMode.values()) {
            result.put(
                    mode,
                    search(knowledgeBaseIds, query, mode, topK).stream()
                            .map(Passage::of)
                            .toList());
        }
        return result;
    }

    List<StoreHit> search(List<String> knowledgeBaseIds, String query, RetrievalMode mode, int topK) {
        return search(knowledgeBaseIds, query, mode, topK, false).hits();
    }

    /**
     * Searches bases grouped by embedding model (a query vector only fits its own model's chunks).
     *
     * @param vectors also embed the query in keyword mode, and with the bases' companion models (the local
     *     reranker compares meanings)
     */
    Found search(List<String> knowledgeBaseIds, String query, RetrievalMode mode, int topK, boolean vectors) {
        Map<EmbeddingSettings, List<String>> groups = new LinkedHashMap<>();
        Map<EmbeddingSettings, Synonyms> synonyms = new HashMap<>();
        for (String id : knowledgeBaseIds) {
            catalog.findBase(id).ifPresent(base -> {
                EmbeddingSettings embedding = base.settings().embedding();
                groups.computeIfAbsent(embedding, k -> new ArrayList<>()).add(id);
                synonyms.merge(embedding, base.settings().synonyms(), Synonyms::and);
            });
        }
        List<StoreHit> hits = new ArrayList<>();
        Map<String, float[]> used = new HashMap<>();
        Map<String, float[]> companions = new HashMap<>();
        for (Map.Entry<EmbeddingSettings, List<String>> group : groups.entrySet()) {
            EmbeddingSettings companion = vectors ? group.getKey().companionSettings() : null;
            // Both of the question's embeddings at once (the companion's on another core).
            Embedders.QuestionVectors embedded = mode == RetrievalMode.KEYWORD && !vectors
                    ? new Embedders.QuestionVectors(null, null)
                    : embedders.questionVectors(group.getKey(), companion, query);
            float[] vector = embedded.vector();
            if (vector != null) {
                group.getValue().forEach(id -> used.put(id, vector));
            }
            if (embedded.companion() != null) {
                group.getValue().forEach(id -> companions.put(id, embedded.companion()));
            }
            hits.addAll(store.search(new StoreQuery(
                    group.getValue(),
                    query,
                    mode == RetrievalMode.KEYWORD ? null : vector,
                    mode,
                    topK,
                    synonyms.get(group.getKey()))));
        }
        if (groups.size() > 1) {
            hits.sort(Comparator.comparingDouble(StoreHit::score).reversed());
        }
        Synonyms all = synonyms.values().stream().reduce(Synonyms.NONE, Synonyms::and);
        return new Found(hits.size() > topK ? List.copyOf(hits.subList(0, topK)) : hits, used, companions, all);
    }

    @Override
    public void close() {
        http.close();
    }
}
