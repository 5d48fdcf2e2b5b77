package io.switchboard.runtime.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion shared by both engines, so hybrid results do not depend on the engine: score =
 * sum of 1/(k + rank) over the lists a chunk appears in, divided by the best possible (first in every list).
 */
final class Fusion {
    static final int K = 60;

    private Fusion() {}

    static List<StoreHit> reciprocalRank(List<StoreHit> vector, List<StoreHit> keyword, int topK) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        Map<String, StoreHit> hits = new LinkedHashMap<>();
        accumulate(vector, scores, hits, true);
        accumulate(keyword, scores, hits, false);
        double best = 2.0 / (K + 1);
        List<StoreHit> fused = new ArrayList<>();
        for (Map.Entry<String, StoreHit> entry : hits.entrySet()) {
            StoreHit hit = entry.getValue();
            double[] score = scores.get(entry.getKey());
            fused.add(new StoreHit(
                    hit.chunkId(),
                    hit.knowledgeBaseId(),
                    hit.documentId(),
                    hit.documentName(),
                    hit.text(),
                    score[0] / best,
                    score[1],
                    score[2]));
        }
        fused.sort(Comparator.comparingDouble(StoreHit::score).reversed().thenComparing(StoreHit::chunkId));
        return fused.size() > topK ? List.copyOf(fused.subList(0, topK)) : fused;
    }

    private static void accumulate(
            List<StoreHit> list, Map<String, double[]> scores, Map<String, StoreHit> hits, boolean vector) {
        for (int rank = 0; rank < list.size(); rank++) {
            StoreHit hit = list.get(rank);
            double[] score = scores.computeIfAbsent(hit.chunkId(), id -> new double[] {0, Double.NaN, Double.NaN});
            score[0] += 1.0 / (K + rank + 1);
            if (vector) {
                score[1] = hit.similarity();
            } else {
                score[2] = hit.keywordScore();
            }
            hits.putIfAbsent(hit.chunkId(), hit);
        }
    }

    /** How many candidates each list contributes to a fusion of {@code topK}. */
    static int candidates(int topK) {
        return Math.max(topK * 4, 20);
    }
}
