package io.switchboard.runtime.knowledge;

import java.util.Set;

/**
 * A link's reranking step: retrieval gathers {@code candidates} passages, the reranker reorders them and
 * the best {@code topK} of the link go into the prompt.
 *
 * @param model {@code none} (the default: no reranking), {@code local} (in process: similarity and word
 *     overlap combined, see {@link LocalReranker}; <b>not a cross-encoder</b>) or {@code provider} (a
 *     provider's {@code /rerank} API: Jina, Cohere, SiliconFlow, Xinference and compatible)
 * @param providerId with {@code provider}: the model provider whose base URL and key are used
 * @param providerModel with {@code provider}: the rerank model, e.g. {@code BAAI/bge-reranker-v2-m3}
 * @param candidates passages retrieved for reranking, topK to 50 (default 20)
 * @param threshold 0 to 1 (default 0): passages the reranker scores below it are dropped
 */
public record RerankSettings(
        String model, String providerId, String providerModel, Integer candidates, Double threshold) {
    public static final String NONE = "none";
    public static final String LOCAL = "local";
    public static final String PROVIDER = "provider";
    public static final int DEFAULT_CANDIDATES = 20;
    private static final Set<String> MODELS = Set.of(NONE, LOCAL, PROVIDER);

    public static final RerankSettings DEFAULT = new RerankSettings(null, null, null, null, null);

    public RerankSettings {
        model = model == null || model.isBlank() ? NONE : model.strip();
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException("rerank.model must be one of none, local, provider; got " + model);
        }
        if (model.equals(PROVIDER)) {
            if (providerId == null || providerId.isBlank() || providerModel == null || providerModel.isBlank()) {
                throw new IllegalArgumentException(
                        "rerank.providerId and rerank.providerModel are required when rerank.model is provider");
            }
        } else {
            providerId = null;
            providerModel = null;
        }
        candidates = candidates == null ? DEFAULT_CANDIDATES : candidates;
        if (candidates < 1 || candidates > 50) {
            throw new IllegalArgumentException("rerank.candidates must be between 1 and 50, got " + candidates);
        }
        threshold = threshold == null ? 0.0 : threshold;
        if (threshold.isNaN() || threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("rerank.threshold must be between 0 and 1, got " + threshold);
        }
    }

    boolean enabled() {
        return !model.equals(NONE);
    }
}
