package io.switchboard.runtime.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Searches for turns and hit tests: embeds the query per embedding model, searches, applies thresholds. */
final class Retrieval {
    private final KnowledgeCatalog catalog;
    private final KnowledgeStore store;
    private final Embedders embedders;

    Retrieval(KnowledgeCatalog catalog, KnowledgeStore store, Embedders embedders) {
        this.catalog = catalog;
        this.store = store;
        this.embedders = embedders;
    }

    /** Passages for an app's link, thresholded, best first. */
    List<Passage> retrieve(KnowledgeLink link, String query) {
        List<StoreHit> hits = search(link.knowledgeBaseIds(), query, link.mode(), link.topK());
        List<Passage> passages = new ArrayList<>();
        for (StoreHit hit : hits) {
            if (link.passes(hit)) {
                passages.add(Passage.of(hit));
            }
        }
        return withParents(link.knowledgeBaseIds(), passages);
    }

    /**
     * Parent–child: a passage of a base chunked that way is replaced by its parent section, and a section
     * that several matched chunks share is returned once, where its best chunk ranked.
     */
    List<Passage> withParents(List<String> knowledgeBaseIds, List<Passage> passages) {
        boolean any = knowledgeBaseIds.stream()
                .map(catalog::findBase)
                .flatMap(java.util.Optional::stream)
                .anyMatch(base -> base.settings().chunking().parentChild());
        if (!any || passages.isEmpty()) {
            return passages;
        }
        Map<String, String> parents =
                catalog.parents(passages.stream().map(Passage::chunkId).toList());
        List<Passage> result = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
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
        if (query == null || query.isBlank() || query.length() > 2000) {
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

    /** Searches bases grouped by embedding model (a query vector only fits its own model's chunks). */
    List<StoreHit> search(List<String> knowledgeBaseIds, String query, RetrievalMode mode, int topK) {
        Map<EmbeddingSettings, List<String>> groups = new LinkedHashMap<>();
        for (String id : knowledgeBaseIds) {
            catalog.findBase(id)
                    .ifPresent(base -> groups.computeIfAbsent(base.settings().embedding(), k -> new ArrayList<>())
                            .add(id));
        }
        List<StoreHit> hits = new ArrayList<>();
        for (Map.Entry<EmbeddingSettings, List<String>> group : groups.entrySet()) {
            float[] vector = mode == RetrievalMode.KEYWORD ? null : embedders.embedQuery(group.getKey(), query);
            hits.addAll(store.search(new StoreQuery(group.getValue(), query, vector, mode, topK)));
        }
        if (groups.size() > 1) {
            hits.sort(Comparator.comparingDouble(StoreHit::score).reversed());
        }
        return hits.size() > topK ? List.copyOf(hits.subList(0, topK)) : hits;
    }
}
