package io.switchboard.runtime.knowledge;

import java.util.Set;

/**
 * Which model embeds a knowledge base's chunks and queries.
 *
 * @param model {@code bge-small-zh-v15} (in-process, Chinese and English, 512 dimensions; the default),
 *     {@code all-minilm-l6-v2} (in-process, English, 384) or {@code provider} (a provider's embedding API)
 * @param providerId with {@code provider}: the model provider (OpenAI-compatible or Ollama)
 * @param providerModel with {@code provider}: the embedding model name, e.g. {@code text-embedding-3-small}
 * @param companion null (the default) or the other in-process model: its vectors of the chunks are stored
 *     too, and the local reranker weighs its similarity in as a second opinion (search itself uses
 *     {@code model} only). Costs a second embedding of every chunk at ingestion.
 */
public record EmbeddingSettings(String model, String providerId, String providerModel, String companion) {
    public static final String BGE_SMALL_ZH = "bge-small-zh-v15";
    public static final String MINILM = "all-minilm-l6-v2";
    public static final String PROVIDER = "provider";
    private static final Set<String> MODELS = Set.of(BGE_SMALL_ZH, MINILM, PROVIDER);
    private static final Set<String> IN_PROCESS = Set.of(BGE_SMALL_ZH, MINILM);

    public static final EmbeddingSettings DEFAULT = new EmbeddingSettings(BGE_SMALL_ZH, null, null, null);

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
        companion =
                companion == null || companion.isBlank() || companion.strip().equals("none") ? null : companion.strip();
        if (companion != null && !IN_PROCESS.contains(companion)) {
            throw new IllegalArgumentException(
                    "embedding.companion must be none, bge-small-zh-v15 or all-minilm-l6-v2; got " + companion);
        }
        if (companion != null && companion.equals(model)) {
            throw new IllegalArgumentException("embedding.companion must differ from embedding.model (" + model + ")");
        }
    }

    public EmbeddingSettings(String model, String providerId, String providerModel) {
        this(model, providerId, providerModel, null);
    }

    /** The companion model's settings, or null when the base has none. */
    EmbeddingSettings companionSettings() {
        return companion == null ? null : new EmbeddingSettings(companion, null, null, null);
    }

    /** A stable name for caches and logs. */
    String key() {
        return model.equals(PROVIDER) ? PROVIDER + ":" + providerId + ":" + providerModel : model;
    }
}
