package io.switchboard.runtime.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.audio.AudioTranscriptionModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GeminiHarmBlockThreshold;
import dev.langchain4j.model.googleai.GeminiHarmCategory;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiAudioTranscriptionModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.switchboard.runtime.net.FetchException;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.net.SafeHttpClient;
import io.switchboard.runtime.security.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * LangChain4j clients, built once per provider and settings: a client owns an HTTP client with its
 * connection pool, too costly to build per turn. The only place that names concrete providers (and
 * their types: Gemini's harm enums, Anthropic's builders).
 */
final class ModelClients {
    private static final int MAX_CLIENTS = 500;
    private static final Duration IDLE_EXPIRY = Duration.ofHours(1);

    private final Cache<Key, ChatModel> chatModels = newCache();
    private final Cache<Key, StreamingChatModel> streamingModels = newCache();
    private final Cache<Key, AudioTranscriptionModel> transcriptionModels = newCache();
    private final Cache<Key, OpenAiDirectClient> directClients = newCache();
    private final Supplier<HttpClientBuilder> httpClients;
    private final SafeHttpClient hostedEndpoints;

    /** With the default SSRF policy for hosted providers' endpoints. */
    ModelClients(Supplier<HttpClientBuilder> httpClients) {
        this(httpClients, NetPolicy.DEFAULT);
    }

    /**
     * @param httpClients a new HTTP client builder per model, or null for LangChain4j's default
     * @param hostedEndpoints the SSRF policy a {@link ProviderKind#hosted() hosted} provider's base URL
     *     must pass before a client for it is built
     */
    ModelClients(Supplier<HttpClientBuilder> httpClients, NetPolicy hostedEndpoints) {
        this.httpClients = httpClients;
        this.hostedEndpoints = SafeHttpClient.create(hostedEndpoints);
    }

    private static <V> Cache<Key, V> newCache() {
        return Caffeine.newBuilder()
                .maximumSize(MAX_CLIENTS)
                .expireAfterAccess(IDLE_EXPIRY)
                .build();
    }

    /** @throws ModelFailure (not retriable) when a hosted provider's endpoint is refused by the SSRF guard */
    ChatModel chatModel(ProviderConfig provider, ModelSettings settings) {
        return chatModels.get(Key.of(provider, settings), key -> buildChatModel(guarded(provider, settings), settings));
    }

    StreamingChatModel streamingModel(ProviderConfig provider, ModelSettings settings) {
        return streamingModels.get(
                Key.of(provider, settings), key -> buildStreamingModel(guarded(provider, settings), settings));
    }

    /**
     * Checked once per client, when it is built: a refused endpoint is an admin's mistake that no retry
     * fixes. The addresses the name resolves to are checked here, not at each connection.
     */
    private ProviderConfig guarded(ProviderConfig provider, ModelSettings settings) {
        try {
            provider.requireModelName(settings.modelName());
        } catch (IllegalArgumentException e) {
            throw new ModelFailure(e.getMessage(), false, 0, null);
        }
        if (provider.kind().hosted()) {
            try {
                hostedEndpoints.check(URI.create(provider.baseUrl()));
            } catch (FetchException e) {
                throw new ModelFailure(
                        "provider '" + provider.id() + "' endpoint refused: " + e.getMessage(), false, 0, null);
            }
        }
        return provider;
    }

    /** The plain-chat client of an OpenAI-compatible provider (see {@link OpenAiDirectClient#handles}). */
    OpenAiDirectClient directClient(ProviderConfig provider, ModelSettings settings) {
        return directClients.get(
                Key.of(provider, settings),
                key -> new OpenAiDirectClient(
                        transport(provider), provider.baseUrl(), key(provider.apiKey()), settings));
    }

    /**
     * Our transport, set as LangChain4j's OpenAI client sets its own: the provider's timeout to connect
     * and between reads.
     */
    private HttpClient transport(ProviderConfig provider) {
        HttpClientBuilder builder =
                httpClients == null ? HttpClientBuilderLoader.loadHttpClientBuilder() : httpClients.get();
        return builder.connectTimeout(provider.timeout())
                .readTimeout(provider.timeout())
                .build();
    }

    /** DashScope's native API on our transport (see {@link DashScopeChatModel} for why not its SDK). */
    private DashScopeChatModel dashScope(ProviderConfig provider, ModelSettings settings) {
        return new DashScopeChatModel(
                transport(provider),
                provider.baseUrl(),
                key(provider.apiKey()),
                settings,
                maxTokens(provider, settings));
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
            case DASHSCOPE -> dashScope(provider, settings);
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
            case ANTHROPIC ->
                AnthropicChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .apiKey(key(provider.apiKey()))
                        .version(provider.options().apiVersion())
                        .modelName(settings.modelName())
                        .temperature(settings.temperature())
                        .maxTokens(maxTokens(provider, settings))
                        .timeout(provider.timeout())
                        .maxRetries(0)
                        .httpClientBuilder(httpClient())
                        .build();
            case GEMINI -> {
                GoogleAiGeminiChatModel.GoogleAiGeminiChatModelBuilder gemini = GoogleAiGeminiChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .apiKey(key(provider.apiKey()))
                        .modelName(settings.modelName())
                        .temperature(settings.temperature())
                        .maxOutputTokens(maxTokens(provider, settings))
                        .timeout(provider.timeout())
                        .maxRetries(0)
                        .httpClientBuilder(httpClient());
                // The client cannot take "no settings" as null: only set them when there are some.
                if (!provider.options().safetySettings().isEmpty()) {
                    gemini.safetySettings(safetySettings(provider.options()));
                }
                yield gemini.build();
            }
            case AZURE_OPENAI ->
                OpenAiChatModel.builder()
                        .baseUrl(azureDeploymentUrl(provider, settings))
                        .customHeaders(azureKey(provider.apiKey()))
                        .customQueryParams(
                                Map.of("api-version", provider.options().apiVersion()))
                        .modelName(settings.modelName())
                        .temperature(settings.temperature())
                        .maxTokens(maxTokens(provider, settings))
                        .timeout(provider.timeout())
                        .maxRetries(0)
                        .httpClientBuilder(httpClient())
                        .build();
        };
    }

    private StreamingChatModel buildStreamingModel(ProviderConfig provider, ModelSettings settings) {
        return switch (provider.kind()) {
            case DASHSCOPE -> dashScope(provider, settings);
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
            case ANTHROPIC ->
                AnthropicStreamingChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .apiKey(key(provider.apiKey()))
                        .version(provider.options().apiVersion())
                        .modelName(settings.modelName())
                        .temperature(settings.temperature())
                        .maxTokens(maxTokens(provider, settings))
                        .timeout(provider.timeout())
                        .httpClientBuilder(httpClient())
                        .build();
            case GEMINI -> {
                GoogleAiGeminiStreamingChatModel.GoogleAiGeminiStreamingChatModelBuilder gemini =
                        GoogleAiGeminiStreamingChatModel.builder()
                                .baseUrl(provider.baseUrl())
                                .apiKey(key(provider.apiKey()))
                                .modelName(settings.modelName())
                                .temperature(settings.temperature())
                                .maxOutputTokens(maxTokens(provider, settings))
                                .timeout(provider.timeout())
                                .httpClientBuilder(httpClient());
                if (!provider.options().safetySettings().isEmpty()) {
                    gemini.safetySettings(safetySettings(provider.options()));
                }
                yield gemini.build();
            }
            case AZURE_OPENAI ->
                OpenAiStreamingChatModel.builder()
                        .baseUrl(azureDeploymentUrl(provider, settings))
                        .customHeaders(azureKey(provider.apiKey()))
                        .customQueryParams(
                                Map.of("api-version", provider.options().apiVersion()))
                        .modelName(settings.modelName())
                        .temperature(settings.temperature())
                        .maxTokens(maxTokens(provider, settings))
                        .timeout(provider.timeout())
                        .httpClientBuilder(httpClient())
                        .build();
        };
    }

    /** The app's limit, else the provider's default (Anthropic always has one: its API requires it). */
    private static Integer maxTokens(ProviderConfig provider, ModelSettings settings) {
        return settings.maxTokens() != null
                ? settings.maxTokens()
                : provider.options().maxTokens();
    }

    /** Vendor enums stay here; {@link ProviderOptions} validated the names against the same values. */
    private static Map<GeminiHarmCategory, GeminiHarmBlockThreshold> safetySettings(ProviderOptions options) {
        Map<GeminiHarmCategory, GeminiHarmBlockThreshold> settings = new EnumMap<>(GeminiHarmCategory.class);
        options.safetySettings()
                .forEach((category, threshold) -> settings.put(
                        GeminiHarmCategory.valueOf(category), GeminiHarmBlockThreshold.valueOf(threshold)));
        return settings;
    }

    /** OpenAI's client appends {@code /chat/completions} to this. */
    private static String azureDeploymentUrl(ProviderConfig provider, ModelSettings settings) {
        return provider.baseUrl().replaceAll("/+$", "") + "/openai/deployments/"
                + URLEncoder.encode(settings.modelName(), StandardCharsets.UTF_8);
    }

    /** Azure takes its key in {@code api-key}; the OpenAI client then sends no bearer header (no apiKey). */
    private static Map<String, String> azureKey(Secret apiKey) {
        return apiKey == null ? Map.of() : Map.of("api-key", apiKey.reveal());
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
            Integer maxTokens,
            ProviderOptions options) {
        static Key of(ProviderConfig provider, ModelSettings settings) {
            return new Key(
                    provider.id(),
                    provider.kind(),
                    provider.baseUrl(),
                    provider.apiKey(),
                    provider.timeout(),
                    settings.modelName(),
                    settings.temperature(),
                    settings.maxTokens(),
                    provider.options());
        }
    }
}
