package io.switchboard.runtime.knowledge;

import java.util.List;

/**
 * The knowledge an app answers from: part of its configuration ({@code AppConfig.knowledge}), so a change
 * is a draft change that channels serve only once published, and a rollback brings the version's back.
 *
 * @param knowledgeBaseIds searched together, 1 to 10 bases
 * @param topK passages put into the prompt, 1 to 20 (default 4)
 * @param scoreThreshold 0 to 1 (default 0.5): passages scoring below it are dropped. Vector: cosine similarity;
 *     keyword: BM25 saturated as s/(s+1); hybrid: a passage passes when its similarity or its keyword score
 *     reaches it
 * @param mode how passages are found (default hybrid)
 */
public record KnowledgeLink(List<String> knowledgeBaseIds, Integer topK, Double scoreThreshold, RetrievalMode mode) {
    public static final int DEFAULT_TOP_K = 4;
    public static final double DEFAULT_SCORE_THRESHOLD = 0.5;

    public KnowledgeLink {
        if (knowledgeBaseIds == null || knowledgeBaseIds.isEmpty() || knowledgeBaseIds.size() > 10) {
            throw new IllegalArgumentException("knowledgeBaseIds must list 1 to 10 knowledge bases");
        }
        knowledgeBaseIds = knowledgeBaseIds.stream().distinct().toList();
        if (knowledgeBaseIds.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw new IllegalArgumentException("knowledgeBaseIds must not contain blank ids");
        }
        topK = topK == null ? DEFAULT_TOP_K : topK;
        if (topK < 1 || topK > 20) {
            throw new IllegalArgumentException("topK must be between 1 and 20, got " + topK);
        }
        scoreThreshold = scoreThreshold == null ? DEFAULT_SCORE_THRESHOLD : scoreThreshold;
        if (scoreThreshold.isNaN() || scoreThreshold < 0 || scoreThreshold > 1) {
            throw new IllegalArgumentException("scoreThreshold must be between 0 and 1, got " + scoreThreshold);
        }
        mode = mode == null ? RetrievalMode.HYBRID : mode;
    }
}
