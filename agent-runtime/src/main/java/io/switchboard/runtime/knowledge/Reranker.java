package io.switchboard.runtime.knowledge;

import java.util.List;
import java.util.Map;

/** Scores passages against a question for reordering; blocking, thread-safe. */
interface Reranker {
    /**
     * One relevance score per passage, in the passages' order, in [0, 1] (higher is better).
     *
     * @param queryVectors the question's embedding for each knowledge base id, where one was computed
     * @param passages the candidates, with what retrieval knows of them (similarity, keyword score)
     */
    double[] scores(String query, Map<String, float[]> queryVectors, List<StoreHit> passages);

    /**
     * The same with the question's embedding by each base's companion model ({@code embedding.companion}),
     * where the base has one; rerankers that do not use it ignore it.
     */
    default double[] scores(
            String query,
            Map<String, float[]> queryVectors,
            Map<String, float[]> companionQueryVectors,
            List<StoreHit> passages) {
        return scores(query, queryVectors, passages);
    }
}
