package io.switchboard.runtime.knowledge;

import java.util.List;

/**
 * The knowledge an app answers from: part of its configuration ({@code AppConfig.knowledge}), so a change
 * is a draft change that channels serve only once published, and a rollback brings the version's back.
 * Each mode has its own threshold, on its own scale:
 *
 * <ul>
 *   <li>vector: {@code scoreThreshold} against the cosine similarity of passage and question (bge-small-zh
 *       gives related passages about 0.5–0.8, unrelated ones 0.2–0.45);
 *   <li>keyword: {@code keywordThreshold} against the share of the question's content words found in the
 *       passage (0.3: about a third of them), whatever the size of the base;
 *   <li>hybrid: a passage passes when either of the two reaches its threshold.
 * </ul>
 *
 * @param knowledgeBaseIds searched together, 1 to 10 bases
 * @param topK passages put into the prompt, 1 to 20 (default 4)
 * @param scoreThreshold 0 to 1 (default 0.5): the vector similarity a passage needs
 * @param mode how passages are found (default hybrid)
 * @param keywordThreshold 0 to 1 (default 0.3): the keyword score a passage needs
 * @param rerank reranking of the retrieved candidates (default none)
 * @param rewriteFollowUps when true (default false) and the conversation has earlier turns, the app's model
 *     first rewrites the question into one that stands alone ("and in safe mode?" → "How do I descale the
 *     kettle in safe mode?"), which is what is searched
 */
public record KnowledgeLink(
        List<String> knowledgeBaseIds,
        Integer topK,
        Double scoreThreshold,
        RetrievalMode mode,
        Double keywordThreshold,
        RerankSettings rerank,
        Boolean rewriteFollowUps) {
    public static final int DEFAULT_TOP_K = 4;
    public static final double DEFAULT_SCORE_THRESHOLD = 0.5;
    public static final double DEFAULT_KEYWORD_THRESHOLD = 0.3;

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
        scoreThreshold = fraction("scoreThreshold", scoreThreshold, DEFAULT_SCORE_THRESHOLD);
        keywordThreshold = fraction("keywordThreshold", keywordThreshold, DEFAULT_KEYWORD_THRESHOLD);
        mode = mode == null ? RetrievalMode.HYBRID : mode;
        rerank = rerank == null ? RerankSettings.DEFAULT : rerank;
        rewriteFollowUps = rewriteFollowUps != null && rewriteFollowUps;
    }

    private static double fraction(String name, Double value, double fallback) {
        double result = value == null ? fallback : value;
        if (Double.isNaN(result) || result < 0 || result > 1) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
        return result;
    }

    /** Whether a hit of this link's mode is relevant enough to put in the prompt. */
    boolean passes(StoreHit hit) {
        return switch (mode) {
            case VECTOR -> hit.score() >= scoreThreshold;
            case KEYWORD -> hit.score() >= keywordThreshold;
            // The fused score says how well both lists agree, not how relevant a passage is.
            case HYBRID ->
                (!Double.isNaN(hit.similarity()) && hit.similarity() >= scoreThreshold)
                        || (!Double.isNaN(hit.keywordScore()) && hit.keywordScore() >= keywordThreshold);
        };
    }
}
