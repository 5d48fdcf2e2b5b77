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
}
