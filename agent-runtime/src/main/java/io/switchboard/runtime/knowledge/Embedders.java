package io.switchboard.runtime.knowledge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.net.ThirdPartyTelemetry;
import io.switchboard.runtime.security.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The embedding models of knowledge bases: the two quantised in-process models (loaded once, on first use)
 * or a provider's embedding API. Every vector comes back unit length, which both engines rely on.
 */
final class Embedders {
    /**
     * In-process models embed a batch's texts in parallel on one platform thread per core (a query, a
     * single text, runs on the calling thread). Daemon threads: nothing to shut down.
     */
    private static final Executor CORES = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().daemon().name("embedding-", 0).factory());

    static {
        ThirdPartyTelemetry.optOut();
    }

    private final Function<String, Optional<ProviderConfig>> providers;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile EmbeddingModel bge;
    private volatile EmbeddingModel miniLm;
    private final Cache<String, EmbeddingModel> remote = Caffeine.newBuilder()
            .maximumSize(50)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    Embedders(Function<String, Optional<ProviderConfig>> providers) {
        this.providers = providers;
    }

    float[] embedQuery(EmbeddingSettings settings, String text) {
        return unit(model(settings).embed(text).content().vector());
    }

    List<float[]> embedAll(EmbeddingSettings settings, List<String> texts) {
        List<Embedding> embeddings = model(settings)
                .embedAll(texts.stream().map(TextSegment::from).toList())
                .content();
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (Embedding embedding : embeddings) {
            vectors.add(unit(embedding.vector()));
        }
        return vectors;
    }

    private EmbeddingModel model(EmbeddingSettings settings) {
        return switch (settings.model()) {
            case EmbeddingSettings.BGE_SMALL_ZH -> bge();
            case EmbeddingSettings.MINILM -> miniLm();
            default -> remote.get(settings.key(), key -> provider(settings));
        };
    }

    private EmbeddingModel bge() {
        EmbeddingModel loaded = bge;
        if (loaded == null) {
            loading.lock();
            try {
                if (bge == null) {
                    bge = new BgeSmallZhV15QuantizedEmbeddingModel(CORES);
                }
                loaded = bge;
            } finally {
                loading.unlock();
            }
        }
        return loaded;
    }

    private EmbeddingModel miniLm() {
        EmbeddingModel loaded = miniLm;
        if (loaded == null) {
            loading.lock();
            try {
                if (miniLm == null) {
                    miniLm = new AllMiniLmL6V2QuantizedEmbeddingModel(CORES);
                }
                loaded = miniLm;
            } finally {
                loading.unlock();
            }
        }
        return loaded;
    }

    private EmbeddingModel provider(EmbeddingSettings settings) {
        ProviderConfig provider = providers
                .apply(settings.providerId())
                .orElseThrow(() -> new IllegalArgumentException(
                        "embedding.providerId '" + settings.providerId() + "' names no provider"));
        return switch (provider.kind()) {
            case OPENAI_COMPATIBLE ->
                OpenAiEmbeddingModel.builder()
                        .baseUrl(provider.baseUrl())
                        .apiKey(
                                provider.apiKey() == null
                                        ? "none"
                                        : provider.apiKey().reveal())
                        .modelName(settings.providerModel())
                        .timeout(provider.timeout())
                        .maxRetries(provider.maxRetries())
                        .build();
            case OLLAMA ->
                OllamaEmbeddingModel.builder()
                        .baseUrl(provider.baseUrl())
                        .customHeaders(authorization(provider.apiKey()))
                        .modelName(settings.providerModel())
                        .timeout(provider.timeout())
                        .maxRetries(provider.maxRetries())
                        .build();
            // Anthropic has no embeddings API; Gemini's, Azure's and DashScope's native one are not wired here
            // (yet): DashScope's text-embedding models answer through its OpenAI-compatible mode.
            case ANTHROPIC, GEMINI, AZURE_OPENAI, DASHSCOPE ->
                throw new IllegalArgumentException("embedding.providerId '" + settings.providerId() + "' is a "
                        + provider.kind() + " provider; embeddings need an OPENAI_COMPATIBLE or OLLAMA provider");
        };
    }

    private static Map<String, String> authorization(Secret key) {
        return key == null ? Map.of() : Map.of("Authorization", "Bearer " + key.reveal());
    }

    static float[] unit(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm == 0) {
            return vector.clone();
        }
        double scale = 1 / Math.sqrt(norm);
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = (float) (vector[i] * scale);
        }
        return out;
    }
}
