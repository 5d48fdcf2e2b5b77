package io.switchboard.runtime.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.model.audio.AudioTranscriptionModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiAudioTranscriptionModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.switchboard.runtime.security.Secret;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * LangChain4j clients, built once per provider and settings: a client owns an HTTP client with its
 * connection pool, too costly to build per turn. The only place that names concrete providers.
 */
final class ModelClients {
    private static final int MAX_CLIENTS = 500;
    private static final Duration IDLE_EXPIRY = Duration.ofHours(1);

    private final Cache<Key, ChatModel> chatModels = newCache();
    private final Cache<Key, StreamingChatModel> streamingModels = newCache();
    private final Cache<Key, AudioTranscriptionModel> transcriptionModels = newCache();
    private final Cache<Key, OpenAiDirectClient> directClients = newCache();
    private final Supplier<HttpClientBuilder> httpClients;

    /** @param httpClients a new HTTP client builder per model, or null for LangChain4j's default */
    ModelClients(Supplier<HttpClientBuilder> httpClients) {
        this.httpClients = httpClients;
    }

    private static <V> Cache<Key, V> newCache() {
        return Caffeine.newBuilder()
                .maximumSize(MAX_CLIENTS)
                .expireAfterAccess(IDLE_EXPIRY)
                .build();
    }

    ChatModel chatModel(ProviderConfig provider, ModelSettings settings) {
        return chatModels.get(Key.of(provider, settings), key -> buildChatModel(provider, settings));
    }

    StreamingChatModel streamingModel(ProviderConfig provider, ModelSettings settings) {
        return streamingModels.get(Key.of(provider, settings), key -> buildStreamingModel(provider, settings));
    }

    /** The plain-chat client of an OpenAI-compatible provider (see {@link OpenAiDirectClient#handles}). */
    OpenAiDirectClient directClient(ProviderConfig provider, ModelSettings settings) {
        return directClients.get(Key.of(provider, settings), key -> {
            HttpClientBuilder builder =
                    httpClients == null ? HttpClientBuilderLoader.loadHttpClientBuilder() : httpClients.get();
            // As LangChain4j's OpenAI client sets its transport: the provider's timeout to connect and between reads.
            HttpClient http = builder.connectTimeout(provider.timeout())
                    .readTimeout(provider.timeout())
                    .build();
            return new OpenAiDirectClient(http, provider.baseUrl(), key(provider.apiKey()), settings);
        });
    }

    /** An OpenAI-compatible provider's transcription model ({@code /audio/transcriptions}). */
    AudioTranscriptionModel transcriptionModel(ProviderConfig provider, String modelName) {
        ModelSettings settings = new ModelSettings(provider.id(), modelName, null, null, false);
        return transcriptionModels.get(
                Key.of(provider, settings),
                key -> OpenAiAudioTranscriptionModel.builder()
                        .baseUrl(provider.baseUrl())
                        .apiKey(key(provider.apiKey()))
                        .modelName(modelName)
                        .timeout(provider.timeout())
                        .maxRetries(0)
                        .httpClientProvider(httpClient())
                        .build());
    }

    void invalidate(String providerId) {
        transcriptionModels.asMap().keySet().removeIf(key -> key.providerId().equals(providerId));
        directClients.asMap().keySet().removeIf(key -> key.providerId().equals(providerId));
        chatModels.asMap().keySet().removeIf(key -> key.providerId().equals(providerId));
        streamingModels.asMap().keySet().removeIf(key -> key.providerId().equals(providerId));
    }

    long size() {
        return chatModels.estimatedSize() + streamingModels.estimatedSize();
    }

    private ChatModel buildChatModel(ProviderConfig provider, ModelSettings settings) {
        return switch (provider.kind()) {
            case OPENAI_COMPATIBLE ->
                OpenAiChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .apiKey(key(provider.apiKey()))
                        .modelName(settings.modelName())
                        .temperature(settings.temperature())
                        .maxTokens(settings.maxTokens())
                        .timeout(provider.timeout())
                        .maxRetries(0) // retries are ours: see LangChainModelInvoker
                        .httpClientBuilder(httpClient())
                        .build();
            case OLLAMA ->
                OllamaChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .customHeaders(authorization(provider.apiKey()))
                        .modelName(settings.modelName())
                        .temperature(settings.temperature())
                        .numPredict(settings.maxTokens())
                        .timeout(provider.timeout())
                        .maxRetries(0)
                        .httpClientBuilder(httpClient())
                        .build();
        };
    }

    private StreamingChatModel buildStreamingModel(ProviderConfig provider, ModelSettings settings) {
        return switch (provider.kind()) {
            case OPENAI_COMPATIBLE ->
                OpenAiStreamingChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .apiKey(key(provider.apiKey()))
                        .modelName(settings.modelName())
                        .temperature(settings.temperature())
                        .maxTokens(settings.maxTokens())
                        .timeout(provider.timeout())
                        .httpClientBuilder(httpClient())
                        .build();
            case OLLAMA ->
                OllamaStreamingChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .customHeaders(authorization(provider.apiKey()))
                        .modelName(settings.modelName())
                        .temperature(settings.temperature())
                        .numPredict(settings.maxTokens())
                        .timeout(provider.timeout())
                        .httpClientBuilder(httpClient())
                        .build();
        };
    }

    /** Null lets LangChain4j use its default client. */
    private HttpClientBuilder httpClient() {
        return httpClients == null ? null : httpClients.get();
    }

    /** Local OpenAI-compatible servers (vLLM, LM Studio) need no key, but the client wants one. */
    private static String key(Secret apiKey) {
        return apiKey == null ? "none" : apiKey.reveal();
    }

    /** Ollama has no keys itself; one behind an authenticating proxy gets the usual bearer header. */
    private static Map<String, String> authorization(Secret apiKey) {
        return apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey.reveal());
    }

    /** Everything a client is built from; a provider edit yields a new key, the old one ages out. */
    private record Key(
            String providerId,
            ProviderKind kind,
            String baseUrl,
            Secret apiKey,
            Duration timeout,
            String modelName,
            Double temperature,
            Integer maxTokens) {
        static Key of(ProviderConfig provider, ModelSettings settings) {
            return new Key(
                    provider.id(),
                    provider.kind(),
                    provider.baseUrl(),
                    provider.apiKey(),
                    provider.timeout(),
                    settings.modelName(),
                    settings.temperature(),
                    settings.maxTokens());
        }
    }
}
