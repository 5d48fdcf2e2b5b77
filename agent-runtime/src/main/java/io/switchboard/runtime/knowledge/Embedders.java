package io.switchboard.runtime.knowledge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
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
import java.util.concurrent.CompletableFuture;
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

    /**
     * A question's companion embedding runs here, beside its base-model embedding on the calling thread: a
     * pool of its own, so a question never queues behind an ingestion batch on {@link #CORES}.
     */
    private static final Executor QUESTIONS = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().daemon().name("question-embedding-", 0).factory());

    static {
        ThirdPartyTelemetry.optOut();
    }

    /** A question and its vectors: by the base's model, and by its companion (null without one). */
    record QuestionVectors(float[] vector, float[] companion) {}

    private final Function<String, Optional<ProviderConfig>> providers;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile EmbeddingModel bge;
    private volatile EmbeddingModel miniLm;
    private final Cache<String, EmbeddingModel> remote = Caffeine.newBuilder()
            .maximumSize(50)
            .expireAfterAccess(Duration.ofHours(1))
            .build();
    /**
     * Questions embedded lately, by model key and text: people ask the same things (FAQ bots, hit tests,
     * retries of a turn), and an in-process embedding is most of a retrieval's CPU time.
     */
    private final Cache<String, float[]> questions = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(30))
            .build();

    Embedders(Function<String, Optional<ProviderConfig>> providers) {
        this.providers = providers;
    }

    /** One text, not cached (a chunk's text when a chunk is edited). */
    float[] embedQuery(EmbeddingSettings settings, String text) {
        return unit(model(settings).embed(text).content().vector());
    }

    /**
     * A question's vector by {@code settings}' model, from the cache of recent questions when it is there.
     * The array is shared: callers must not change it.
     */
    float[] question(EmbeddingSettings settings, String text) {
        return questions.get(settings.key() + "\u0000" + text, key -> embedQuery(settings, text));
    }

    /**
     * A question's vectors by the base's model and by {@code companion} (may be null): the companion's runs
     * on another core meanwhile, so the two cost about one embedding's wall time.
     */
    QuestionVectors questionVectors(EmbeddingSettings settings, EmbeddingSettings companion, String text) {
        if (companion == null) {
            return new QuestionVectors(question(settings, text), null);
        }
        CompletableFuture<float[]> second = CompletableFuture.supplyAsync(() -> question(companion, text), QUESTIONS);
        float[] first = question(settings, text);
        return new QuestionVectors(first, second.join());
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
                    bge = InProcessModel.bgeSmallZh(CORES);
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
                    miniLm = InProcessModel.miniLm(CORES);
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
