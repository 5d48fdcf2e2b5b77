package io.switchboard.runtime.model;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.audio.Audio;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.audio.AudioTranscriptionRequest;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.switchboard.runtime.net.NetPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls OpenAI-compatible, Ollama, Anthropic, Gemini and Azure OpenAI providers through LangChain4j, with clients cached per provider
 * and settings and one retry loop of its own (the library's retries are off, so the behaviour is
 * this class's and testable).
 *
 * <p>Retried, up to {@link ProviderConfig#maxRetries()} times with exponential backoff and jitter:
 * 429, 5xx, timeouts and broken connections; a stream only while none of its tokens was delivered.
 * Failing at once: other 4xx (bad key, unknown model, bad request). LangChain4j does not expose a
 * 429's {@code Retry-After} header, so the backoff alone paces retries.
 */
public final class LangChainModelInvoker implements ModelInvoker, SpeechToText {
    /** A sensible production backoff base: retries after about 0.5 s, 1 s, 2 s, ... */
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(500);

    private static final Duration BACKOFF_CAP = Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(LangChainModelInvoker.class);

    private final ModelClients clients;
    private final Backoff backoff;

    private LangChainModelInvoker(Backoff backoff, Supplier<HttpClientBuilder> httpClients, NetPolicy hostedEndpoints) {
        this.backoff = backoff;
        this.clients = new ModelClients(httpClients, hostedEndpoints);
    }

    /**
     * With LangChain4j's default HTTP client (the JDK's).
     *
     * @param backoffBase the wait before the first retry; each further retry doubles it (capped at 20 s)
     */
    public static LangChainModelInvoker create(Duration backoffBase) {
        return create(backoffBase, null);
    }

    /**
     * @param backoffBase the wait before the first retry; each further retry doubles it (capped at 20 s)
     * @param httpClients a new HTTP client builder for each provider client (LangChain4j sets its
     *     timeouts), or null for LangChain4j's default
     */
    public static LangChainModelInvoker create(Duration backoffBase, Supplier<HttpClientBuilder> httpClients) {
        return create(backoffBase, httpClients, NetPolicy.DEFAULT);
    }

    /**
     * @param backoffBase the wait before the first retry; each further retry doubles it (capped at 20 s)
     * @param httpClients a new HTTP client builder for each provider client, or null for LangChain4j's default
     * @param hostedEndpoints the SSRF policy the base URL of a {@link ProviderKind#hosted() hosted}
     *     provider (Anthropic, Gemini, Azure OpenAI) must pass; OpenAI-compatible and Ollama providers are
     *     often local and are not checked
     */
    public static LangChainModelInvoker create(
            Duration backoffBase, Supplier<HttpClientBuilder> httpClients, NetPolicy hostedEndpoints) {
        Objects.requireNonNull(backoffBase, "backoffBase");
        return new LangChainModelInvoker(
                new Backoff(backoffBase, backoffBase.compareTo(BACKOFF_CAP) > 0 ? backoffBase : BACKOFF_CAP),
                httpClients,
                Objects.requireNonNull(hostedEndpoints, "hostedEndpoints"));
    }

    @Override
    public ModelAnswer invoke(
            ProviderConfig provider, ModelSettings settings, List<ChatMessage> messages, Consumer<String> onToken) {
        ModelStep step = invokeWithTools(provider, settings, messages, List.of(), onToken);
        return new ModelAnswer(step.text(), step.inputTokens(), step.outputTokens(), step.finishReason());
    }

    @Override
    public ModelStep invokeWithTools(
            ProviderConfig provider,
            ModelSettings settings,
            List<ChatMessage> messages,
            List<ToolSpecification> tools,
            CallOptions options,
            Consumer<String> onToken) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(settings, "settings");
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
        ChatRequest request = ChatRequest.builder()
                .messages(messages)
                .parameters(parameters(provider, tools, options == null ? CallOptions.NONE : options))
                .build();
        return withRetries(
                provider,
                () -> onToken == null
                        ? chat(provider, settings, request)
                        : stream(provider, settings, request, onToken));
    }

    @Override
    public String transcribe(ProviderConfig provider, String modelName, byte[] audio, String mimeType) {
        Objects.requireNonNull(provider, "provider");
        if (provider.kind() != ProviderKind.OPENAI_COMPATIBLE) {
            throw new ModelFailure(
                    "provider '" + provider.id() + "' is not OPENAI_COMPATIBLE and cannot transcribe speech",
                    false,
                    0,
                    null);
        }
        AudioTranscriptionRequest request = AudioTranscriptionRequest.builder()
                .audio(Audio.builder().binaryData(audio).mimeType(mimeType).build())
                .build();
        return withRetries(provider, () -> {
            try {
                String text = clients.transcriptionModel(provider, modelName)
                        .transcribe(request)
                        .text();
                return text == null ? "" : text.strip();
            } catch (RuntimeException e) {
                throw FailureMapper.map(provider, e);
            }
        });
    }

    private <T> T withRetries(ProviderConfig provider, Supplier<T> call) {
        for (int retry = 0; ; retry++) {
            try {
                return call.get();
            } catch (ModelFailure failure) {
                if (!failure.retriable() || retry >= provider.maxRetries()) {
                    throw failure;
                }
                Duration wait = backoff.delay(retry);
                LOG.debug(
                        "{}; retry {} of {} in {} ms",
                        failure.getMessage(),
                        retry + 1,
                        provider.maxRetries(),
                        wait.toMillis());
                pause(wait, failure);
            } catch (AfterFirstToken broken) {
                throw broken.failure;
            }
        }
    }

    @Override
    public void invalidate(String providerId) {
        clients.invalidate(providerId);
    }

    private ModelStep chat(ProviderConfig provider, ModelSettings settings, ChatRequest request) {
        ChatResponse response;
        try {
            response = clients.chatModel(provider, settings).chat(request);
        } catch (RuntimeException e) {
            throw FailureMapper.map(provider, e);
        }
        return answer(response, "");
    }

    private ModelStep stream(
            ProviderConfig provider, ModelSettings settings, ChatRequest request, Consumer<String> onToken) {
        StreamingCall call = new StreamingCall(onToken);
        ChatResponse response;
        try {
            clients.streamingModel(provider, settings).chat(request, call);
            response = call.await(provider.timeout());
        } catch (StreamingCall.ConsumerFailed e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelFailure("provider '" + provider.id() + "' call interrupted", false, 0, null);
        } catch (Exception e) {
            ModelFailure failure = FailureMapper.map(provider, e);
            // Tokens already reached the user: a retry would show them twice, so the turn ends here.
            throw call.delivered() ? new AfterFirstToken(failure) : failure;
        }
        return answer(response, call.text());
    }

    /** The call's parameters over the client's defaults (model name, the app's temperature and limit). */
    private static ChatRequestParameters parameters(
            ProviderConfig provider, List<ToolSpecification> tools, CallOptions options) {
        boolean openAiWire =
                provider.kind() == ProviderKind.OPENAI_COMPATIBLE || provider.kind() == ProviderKind.AZURE_OPENAI;
        DefaultChatRequestParameters.Builder<?> builder = openAiWire
                ? OpenAiChatRequestParameters.builder().seed(options.seed()).user(options.user())
                : DefaultChatRequestParameters.builder();
        builder.temperature(options.temperature())
                .topP(options.topP())
                .maxOutputTokens(options.maxTokens())
                .presencePenalty(options.presencePenalty())
                .frequencyPenalty(options.frequencyPenalty())
                .responseFormat(options.responseFormat());
        if (!options.stop().isEmpty()) {
            builder.stopSequences(options.stop());
        }
        if (tools != null && !tools.isEmpty()) {
            builder.toolSpecifications(tools).toolChoice(options.toolChoice());
        }
        return builder.build();
    }

    private static ModelStep answer(ChatResponse response, String streamed) {
        AiMessage message = response.aiMessage();
        String text = message == null ? null : message.text();
        if (!streamed.isEmpty()) {
            text = streamed; // exactly what the user saw
        }
        TokenUsage usage = response.tokenUsage();
        return new ModelStep(
                text == null ? "" : text,
                message == null || !message.hasToolExecutionRequests() ? List.of() : message.toolExecutionRequests(),
                usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount(),
                finishReason(response.finishReason(), message));
    }

    private static String finishReason(FinishReason reason, AiMessage message) {
        if (message != null && message.hasToolExecutionRequests()) {
            return "tool_calls";
        }
        if (reason == null) {
            return "stop";
        }
        return switch (reason) {
            case LENGTH -> "length";
            case CONTENT_FILTER -> "content_filter";
            case TOOL_EXECUTION -> "tool_calls";
            default -> "stop";
        };
    }

    private static void pause(Duration wait, ModelFailure failure) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    /** A stream failed after delivering tokens: not to be retried. */
    private static final class AfterFirstToken extends RuntimeException {
        private final ModelFailure failure;

        AfterFirstToken(ModelFailure failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }
}
