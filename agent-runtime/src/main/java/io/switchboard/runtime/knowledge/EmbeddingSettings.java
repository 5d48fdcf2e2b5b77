package io.switchboard.runtime.knowledge;

import java.util.Set;

/**
 * Which model embeds a knowledge base's chunks and queries.
 *
 * @param model {@code bge-small-zh-v15} (in-process, Chinese and English, 512 dimensions; the default),
 *     {@code all-minilm-l6-v2} (in-process, English, 384) or {@code provider} (a provider's embedding API)
 * @param providerId with {@code provider}: the model provider (OpenAI-compatible or Ollama)
 * @param providerModel with {@code provider}: the embedding model name, e.g. {@code text-embedding-3-small}
 */
public record EmbeddingSettings(String model, String providerId, String providerModel) {
    public static final String BGE_SMALL_ZH = "bge-small-zh-v15";
    public static final String MINILM = "all-minilm-l6-v2";
    public static final String PROVIDER = "provider";
    private static final Set<String> MODELS = Set.of(BGE_SMALL_ZH, MINILM, PROVIDER);

    public static final EmbeddingSettings DEFAULT = new EmbeddingSettings(BGE_SMALL_ZH, null, null);

    public EmbeddingSettings {
        model = model == null || model.isBlank() ? BGE_SMALL_ZH : model.strip();
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException(
                    "embedding.model must be one of bge-small-zh-v15, all-minilm-l6-v2, provider; got " + model);
        }
        if (model.equals(PROVIDER)) {
            if (providerId == null || providerId.isBlank() || providerModel == null || providerModel.isBlank()) {
                throw new IllegalArgumentException(
                        "embedding.providerId and embedding.providerModel are required when embedding.model is provider");
            }
        } else {
            providerId = null;
            providerModel = null;
        }
    }

    /** A stable name for caches and logs. */
    String key() {
        return model.equals(PROVIDER) ? PROVIDER + ":" + providerId + ":" + providerModel : model;
    }
}
