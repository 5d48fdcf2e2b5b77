package io.switchboard.runtime.knowledge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The in-process reranker. <b>Not a cross-encoder</b>: no packaged cross-encoder model could be had
 * through the package registries this project builds from (see docs/knowledge.md), so this combines what
 * is known of each candidate into one score instead of ranking by fused rank position:
 *
 * <ul>
 *   <li>meaning: cosine similarity of question and passage with the base's embedding model (passages the
 *       keyword search alone found get theirs from their stored vectors), rescaled so 0.25 → 0 and 0.85 → 1;
 *   <li>words: the larger of the share of the question's content words in the passage and, for Chinese,
 *       the share of its character pairs (robust to word segmentation: 退货运费 vs 退货的运费).
 * </ul>
 *
 * Score = 0.6 × meaning + 0.4 × words, in [0, 1].
 */
final class LocalReranker implements Reranker {
    static final double MEANING_WEIGHT = 0.6;

    private final Function<List<String>, Map<String, float[]>> vectors;
    private final double meaningWeight;

    /** @param vectors stored vectors of chunks by id (the catalog's), for passages without a similarity */
    LocalReranker(Function<List<String>, Map<String, float[]>> vectors) {
        this(vectors, MEANING_WEIGHT);
    }

    /** With another weight of meaning against words (the evaluation benchmark tries some). */
    LocalReranker(Function<List<String>, Map<String, float[]>> vectors, double meaningWeight) {
        this.vectors = vectors;
        this.meaningWeight = meaningWeight;
    }

    @Override
    public double[] scores(String query, Map<String, float[]> queryVectors, List<StoreHit> passages) {
        List<String> missing = new ArrayList<>();
        for (StoreHit hit : passages) {
            if (Double.isNaN(hit.similarity()) && queryVectors.containsKey(hit.knowledgeBaseId())) {
                missing.add(hit.chunkId());
            }
        }
        Map<String, float[]> stored = missing.isEmpty() ? Map.of() : vectors.apply(missing);
        Set<String> terms = KeywordCoverage.terms(query);
        Set<String> pairs = hanPairs(query);
        double[] scores = new double[passages.size()];
        for (int i = 0; i < passages.size(); i++) {
            StoreHit hit = passages.get(i);
            float[] queryVector = queryVectors.get(hit.knowledgeBaseId());
            double similarity = hit.similarity();
            if (Double.isNaN(similarity)) {
                float[] vector = stored.get(hit.chunkId());
                similarity = vector == null || queryVector == null || vector.length != queryVector.length
                        ? 0
                        : dot(vector, queryVector);
            }
            double meaning = Math.clamp((similarity - 0.25) / 0.6, 0, 1);
            double words = Math.max(
                    Double.isNaN(hit.keywordScore()) ? KeywordCoverage.of(terms, hit.text()) : hit.keywordScore(),
                    pairShare(pairs, hit.text()));
            scores[i] = meaningWeight * meaning + (1 - meaningWeight) * words;
        }
        return scores;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Pairs of neighbouring Chinese characters, across word boundaries. */
    static Set<String> hanPairs(String text) {
        Set<String> pairs = new HashSet<>();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i + 1 < lower.length(); i++) {
            if (han(lower.charAt(i)) && han(lower.charAt(i + 1))) {
                pairs.add(lower.substring(i, i + 2));
            }
        }
        return pairs;
    }

    private static double pairShare(Set<String> pairs, String text) {
        if (pairs.isEmpty() || text == null) {
            return 0;
        }
        long found = pairs.stream().filter(text::contains).count();
        return (double) found / pairs.size();
    }

    private static boolean han(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }
}
