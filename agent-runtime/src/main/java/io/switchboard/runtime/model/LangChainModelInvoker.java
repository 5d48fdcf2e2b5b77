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
import io.switchboard.runtime.security.Secret;
import io.switchboard.tracing.TraceSpan;
import io.switchboard.tracing.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls OpenAI-compatible, Ollama, Anthropic, Gemini and Azure OpenAI providers through LangChain4j, with clients cached per provider
 * and settings and one retry loop of its own (the library's retries are off, so the behaviour is
 * this class's and testable). An OpenAI-compatible call of text messages without tools or response format
 * (most turns) is made by {@link OpenAiDirectClient} over the same transport instead, at a fraction of
 * the library's CPU.
 *
 * <p>Retried, up to {@link ProviderConfig#maxRetries()} times with exponential backoff and jitter:
 * 429, 5xx, timeouts and broken connections; a stream only while none of its tokens was delivered.
 * Failing at once: other 4xx (bad key, unknown model, bad request). A 429's {@code Retry-After} is
 * honoured when the HTTP client reports it ({@link ProviderHttpException}).
 *
 * <p>Each attempt runs under the provider's circuit breaker and concurrency limit and with the next of
 * its API keys ({@link ProviderGuards}, {@link KeyRing}): a key answered with 401/403 sits out for the
 * provider's key cool-down and the next key is tried at once; a key answered with 429 sits out for the
 * {@code Retry-After} (or the backoff). An app's chain of models ({@link #invokeWithTools(List, List,
 * List, CallOptions, Consumer)}) moves on to the next model when one fails, but never once a streamed
 * token reached the caller, and never when the provider refused the input (400, 422).
 */
public final class LangChainModelInvoker implements ModelInvoker, SpeechToText {
    /** A sensible production backoff base: retries after about 0.5 s, 1 s, 2 s, ... */
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(500);

    private static final Duration BACKOFF_CAP = Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(LangChainModelInvoker.class);

    private final ModelClients clients;
    private final Backoff backoff;
    private final ProviderGuards guards;
    private final ModelEvents events;

    private LangChainModelInvoker(
            Backoff backoff,
            Supplier<HttpClientBuilder> httpClients,
            Clock clock,
            ModelEvents events,
            NetPolicy hostedEndpoints) {
        this.backoff = backoff;
        this.clients = new ModelClients(httpClients, hostedEndpoints);
        this.events = events;
        this.guards = new ProviderGuards(clock, events);
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
        return create(backoffBase, httpClients, Clock.systemUTC(), ModelEvents.NONE, NetPolicy.DEFAULT);
    }

    /**
     * @param clock times key cool-downs and open circuit breakers
     * @param events told of every switch to a fallback, key cool-down and breaker transition
     */
    public static LangChainModelInvoker create(
            Duration backoffBase, Supplier<HttpClientBuilder> httpClients, Clock clock, ModelEvents events) {
        return create(backoffBase, httpClients, clock, events, NetPolicy.DEFAULT);
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
        return create(backoffBase, httpClients, Clock.systemUTC(), ModelEvents.NONE, hostedEndpoints);
    }

    /**
     * @param clock times key cool-downs and open circuit breakers
     * @param events told of every switch to a fallback, key cool-down and breaker transition
     * @param hostedEndpoints the SSRF policy the base URL of a hosted provider must pass
     */
    public static LangChainModelInvoker create(
            Duration backoffBase,
            Supplier<HttpClientBuilder> httpClients,
            Clock clock,
            ModelEvents events,
            NetPolicy hostedEndpoints) {
        Objects.requireNonNull(backoffBase, "backoffBase");
        return new LangChainModelInvoker(
                new Backoff(backoffBase, backoffBase.compareTo(BACKOFF_CAP) > 0 ? backoffBase : BACKOFF_CAP),
                httpClients,
                Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(events, "events"),
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
        return invokeWithTools(List.of(new ModelRoute(provider, settings)), messages, tools, options, onToken);
    }

    @Override
    public ModelStep invokeWithTools(
            List<ModelRoute> routes,
            List<ChatMessage> messages,
            List<ToolSpecification> tools,
            CallOptions options,
            Consumer<String> onToken) {
        if (routes == null || routes.isEmpty()) {
            throw new IllegalArgumentException("routes must name at least one model");
        }
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
        Delivery delivery = onToken == null ? null : new Delivery(onToken);
        for (int i = 0; ; i++) {
            ModelRoute route = routes.get(i);
            boolean hasFallback = i + 1 < routes.size();
            try {
                ModelStep step = invokeRoute(route, messages, tools, options, delivery, hasFallback);
                return new ModelStep(
                        step.text(),
                        step.toolCalls(),
                        step.inputTokens(),
                        step.outputTokens(),
                        step.finishReason(),
                        route.label());
            } catch (ModelFailure failure) {
                FailoverReason reason = FailureMapper.reason(failure);
                // Once a token reached the user another model's answer would follow half of this one.
                boolean streamed = delivery != null && delivery.delivered;
                if (!hasFallback || streamed || failure.inputRejected()) {
                    if (routes.size() > 1 && !failure.inputRejected()) {
                        events.exhausted(route, routes.size(), reason);
                    }
                    throw failure;
                }
                ModelRoute next = routes.get(i + 1);
                LOG.warn(
                        "model {} failed ({}), switching to {}: {}",
                        route.label(),
                        reason.wireName(),
                        next.label(),
                        failure.getMessage());
                events.switched(route, next, reason);
            }
        }
    }

    private ModelStep invokeRoute(
            ModelRoute route,
            List<ChatMessage> messages,
            List<ToolSpecification> tools,
            CallOptions options,
            Consumer<String> onToken,
            boolean hasFallback) {
        ProviderConfig provider = route.provider();
        ModelSettings settings = route.settings();
        CallOptions callOptions = options == null ? CallOptions.NONE : options;
        // The plain chat call goes without LangChain4j's request and response mapping (see OpenAiDirectClient).
        boolean direct = OpenAiDirectClient.handles(provider, messages, tools != null && !tools.isEmpty(), callOptions);
        ChatRequest request = ChatRequest.builder()
                .messages(messages)
                .parameters(parameters(provider, tools, callOptions))
                .build();
        // One span for the call with its retries; the provider's HTTP requests carry its traceparent.
        TraceSpan span = Tracing.span("chat " + settings.modelName(), TraceSpan.Kind.CLIENT)
                .set("gen_ai.operation.name", "chat")
                .set("gen_ai.system", provider.kind().name().toLowerCase(java.util.Locale.ROOT))
                .set("gen_ai.request.model", settings.modelName())
                .set("switchboard.provider.id", provider.id())
                .set("switchboard.model.streaming", onToken != null)
                .set("switchboard.model.tools", tools == null ? 0 : tools.size())
                .set("switchboard.model.messages", messages.size());
        return span.call(() -> {
            ModelStep step;
            try {
                step = withRetries(
                        provider,
                        hasFallback,
                        keyed -> direct
                                ? (onToken == null
                                        ? direct(keyed, settings, messages, callOptions)
                                        : directStream(keyed, settings, messages, callOptions, onToken))
                                : onToken == null
                                        ? chat(keyed, settings, request)
                                        : stream(keyed, settings, request, onToken));
            } catch (ModelFailure failure) {
                span.set("http.response.status_code", failure.httpStatus())
                        .set("switchboard.model.retriable", failure.retriable());
                throw failure;
            }
            span.set("gen_ai.usage.input_tokens", step.inputTokens())
                    .set("gen_ai.usage.output_tokens", step.outputTokens())
                    .set("gen_ai.response.finish_reasons", step.finishReason())
                    .set("switchboard.model.tool_calls", step.toolCalls().size());
            return step;
        });
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
        return withRetries(provider, false, keyed -> {
            try {
                String text = clients.transcriptionModel(keyed, modelName)
                        .transcribe(request)
                        .text();
                return text == null ? "" : text.strip();
            } catch (RuntimeException e) {
                throw FailureMapper.map(keyed, e);
            }
        });
    }

    /**
     * Calls {@code call} with the provider narrowed to one of its keys, under its breaker and limit, and
     * retries as the class comment says. A rejected key gives way to the next key without spending a
     * retry (each key once at most).
     *
     * @param hasFallback true when another model would answer: every key cooling down then fails at
     *     once instead of waiting for the first to come back
     */
    private <T> T withRetries(ProviderConfig provider, boolean hasFallback, Function<ProviderConfig, T> call) {
        ProviderGuards.Guard guard = guards.of(provider);
        KeyRing keys = guard.keys();
        int retry = 0;
        int rotated = 0;
        int waits = 0;
        while (true) {
            KeyRing.Lease lease = keys.take();
            if (lease == null) {
                Duration wait = keys.untilFirstBack();
                ModelFailure cooling = new ModelFailure(
                        "provider '" + provider.id() + "' has every key (" + keys.size()
                                + ") cooling down after 401/429; the first is back in " + wait.toMillis() + " ms",
                        true,
                        0,
                        new KeyRing.AllKeysCooling(),
                        null,
                        wait);
                // Waiting is the retry's pause (a 429 spent the retry already); bounded for a clock that stands still.
                if (hasFallback || waits > provider.maxRetries() || wait.compareTo(BACKOFF_CAP) > 0) {
                    throw cooling;
                }
                pause(wait, cooling);
                waits++;
                continue;
            }
            ProviderConfig keyed = keyed(provider, lease.key());
            try {
                return guard.call(provider, () -> call.apply(keyed));
            } catch (ModelFailure failure) {
                int status = failure.httpStatus();
                boolean keyFailure = status == 401 || status == 403 || status == 429;
                if (keyFailure && keys.size() > 1) {
                    coolDown(provider, guard, keys, lease, failure, retry);
                    // Another key is another account or quota: it is tried at once, without a retry spent.
                    if (++rotated < keys.size()) {
                        continue;
                    }
                    if (status != 429) {
                        throw failure;
                    }
                }
                if (!failure.retriable() || retry >= provider.maxRetries()) {
                    if (status == 429 && keys.size() == 1) {
                        coolDown(provider, guard, keys, lease, failure, retry);
                    }
                    throw failure;
                }
                if (status == 429 && keys.size() > 0) {
                    if (keys.size() == 1) {
                        coolDown(provider, guard, keys, lease, failure, retry);
                    }
                    // The next attempt waits for the first key to come back (or fails over at once).
                    retry++;
                    continue;
                }
                Duration wait = backoff.delay(retry);
                LOG.debug(
                        "{}; retry {} of {} in {} ms",
                        failure.getMessage(),
                        retry + 1,
                        provider.maxRetries(),
                        wait.toMillis());
                pause(wait, failure);
                retry++;
            } catch (AfterFirstToken broken) {
                throw broken.failure;
            }
        }
    }

    /**
     * Takes the key out of the rotation: a rejected one (401, 403) for the provider's key cool-down, a
     * rate-limited one (429) for its {@code Retry-After}, or the backoff when it named none.
     */
    private void coolDown(
            ProviderConfig provider,
            ProviderGuards.Guard guard,
            KeyRing keys,
            KeyRing.Lease lease,
            ModelFailure failure,
            int retry) {
        boolean limited = failure.httpStatus() == 429;
        Duration coolDown = !limited
                ? guard.limits().keyCoolDown()
                : failure.retryAfter() != null ? failure.retryAfter() : backoff.delay(retry);
        keys.coolDown(lease.index(), coolDown);
        FailoverReason reason = limited ? FailoverReason.RATE_LIMITED : FailoverReason.KEY_REJECTED;
        events.keyCooledDown(provider.id(), lease.index(), reason, coolDown);
        LOG.info(
                "provider '{}' {} key #{} (HTTP {}): it sits out for {} ms",
                provider.id(),
                limited ? "rate-limited" : "rejected",
                lease.index(),
                failure.httpStatus(),
                coolDown.toMillis());
    }

    /** The provider as one call sees it: with the one key that call uses. */
    private static ProviderConfig keyed(ProviderConfig provider, Secret key) {
        if (provider.extraKeys().isEmpty()) {
            return provider;
        }
        return new ProviderConfig(
                provider.id(),
                provider.name(),
                provider.kind(),
                provider.baseUrl(),
                key,
                provider.timeout(),
                provider.maxRetries(),
                List.of(),
                provider.limits(),
                provider.options());
    }

    @Override
    public void invalidate(String providerId) {
        clients.invalidate(providerId);
        guards.invalidate(providerId);
    }

    /** The breaker state of a provider as metrics name it ({@code closed}, {@code open}, ...). */
    public String breakerState(ProviderConfig provider) {
        return guards.of(provider).state();
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

    private ModelStep direct(
            ProviderConfig provider, ModelSettings settings, List<ChatMessage> messages, CallOptions options) {
        ChatResponse response;
        try {
            response = clients.directClient(provider, settings).chat(messages, options);
        } catch (RuntimeException e) {
            throw FailureMapper.map(provider, e);
        }
        return answer(response, "");
    }

    private ModelStep directStream(
            ProviderConfig provider,
            ModelSettings settings,
            List<ChatMessage> messages,
            CallOptions options,
            Consumer<String> onToken) {
        return stream(
                provider, onToken, call -> clients.directClient(provider, settings).stream(messages, options, call));
    }

    private ModelStep stream(
            ProviderConfig provider, ModelSettings settings, ChatRequest request, Consumer<String> onToken) {
        return stream(
                provider,
                onToken,
                call -> clients.streamingModel(provider, settings).chat(request, call));
    }

    private ModelStep stream(ProviderConfig provider, Consumer<String> onToken, Consumer<StreamingCall> start) {
        StreamingCall call = new StreamingCall(onToken);
        ChatResponse response;
        try {
            start.accept(call);
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
                finishReason(response.finishReason(), message),
                null);
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
    static final class AfterFirstToken extends RuntimeException {
        private final ModelFailure failure;

        AfterFirstToken(ModelFailure failure) {
            super(null, null, false, false);
            this.failure = failure;
        }

        ModelFailure failure() {
            return failure;
        }
    }

    /** The caller's token consumer, remembering whether any token reached it. */
    private static final class Delivery implements Consumer<String> {
        private final Consumer<String> onToken;
        private volatile boolean delivered;

        Delivery(Consumer<String> onToken) {
            this.onToken = onToken;
        }

        @Override
        public void accept(String token) {
            if (token != null && !token.isEmpty()) {
                delivered = true;
            }
            onToken.accept(token);
        }
    }
}
