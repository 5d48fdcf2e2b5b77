package io.switchboard.gateway.bridge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.channels.spi.ApiCaller;
import io.switchboard.channels.spi.ApiKeyVerifier;
import io.switchboard.channels.spi.ApiTurn;
import io.switchboard.channels.spi.AppDirectory;
import io.switchboard.channels.spi.AppProfile;
import io.switchboard.channels.spi.FeedbackMessage;
import io.switchboard.channels.spi.FixedTexts;
import io.switchboard.channels.spi.InboundMessage;
import io.switchboard.channels.spi.InvalidTurnException;
import io.switchboard.channels.spi.OutboundMessage;
import io.switchboard.channels.spi.QuotaExceeded;
import io.switchboard.channels.spi.TurnHandler;
import io.switchboard.channels.spi.TurnReply;
import io.switchboard.gateway.quota.Quotas;
import io.switchboard.runtime.access.ApiKey;
import io.switchboard.runtime.access.ApiKeyStore;
import io.switchboard.runtime.access.ApiKeys;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.app.AppChangeListener;
import io.switchboard.runtime.app.ResolvedApp;
import io.switchboard.runtime.turn.AgentRequest;
import io.switchboard.runtime.turn.AgentRuntime;
import io.switchboard.runtime.turn.Attachment;
import io.switchboard.runtime.turn.ClientRequest;
import io.switchboard.runtime.turn.Feedback;
import io.switchboard.runtime.turn.FeedbackStore;
import io.switchboard.runtime.turn.InvalidClientRequest;
import io.switchboard.runtime.turn.TurnResult;
import io.switchboard.threads.VirtualThreads;
import io.switchboard.tracing.TraceSpan;
import io.switchboard.tracing.Tracing;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.handler.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where channels meet the agent runtime: runs turns and lookups on virtual threads and hands the
 * results back to the caller's event loop. Also counts in-flight turns, so shutdown can wait for them.
 */
public final class RuntimeBridge implements TurnHandler, AppDirectory, ApiKeyVerifier, AppChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeBridge.class);
    private static final String UNAVAILABLE = "Switchboard could not process the message right now; try again";

    private final Vertx vertx;
    private final AgentRuntime runtime;
    private final AppCatalog catalog;
    private final ApiKeyStore apiKeys;
    private final FeedbackStore feedback;
    private final VirtualThreads blocking = VirtualThreads.named("turn");
    private final Cache<String, Optional<ApiCaller>> keysByHash;
    /** Every origin some valid key allows (one entry), for CORS preflights; dropped on any key change. */
    private final Cache<Boolean, Set<String>> preflightOrigins =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(10)).build();

    private final AtomicInteger inFlight = new AtomicInteger();
    /** When this member began to stop; null while it runs. */
    private volatile Instant stoppedAt;

    private Quotas quotas;

    private RuntimeBridge(
            Vertx vertx, AgentRuntime runtime, AppCatalog catalog, ApiKeyStore apiKeys, FeedbackStore feedback) {
        this.vertx = vertx;
        this.feedback = feedback;
        this.runtime = runtime;
        this.catalog = catalog;
        this.apiKeys = apiKeys;
        this.keysByHash = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(Duration.ofMinutes(5))
                .build();
    }

    public static RuntimeBridge create(
            Vertx vertx, AgentRuntime runtime, AppCatalog catalog, ApiKeyStore apiKeys, FeedbackStore feedback) {
        return new RuntimeBridge(vertx, runtime, catalog, apiKeys, feedback);
    }

    /** With rate limits and quotas checked before every turn and tokens charged after it. */
    public static RuntimeBridge create(
            Vertx vertx,
            AgentRuntime runtime,
            AppCatalog catalog,
            ApiKeyStore apiKeys,
            FeedbackStore feedback,
            Quotas quotas) {
        RuntimeBridge bridge = new RuntimeBridge(vertx, runtime, catalog, apiKeys, feedback);
        bridge.quotas = quotas != null && quotas.enabled() ? quotas : null;
        return bridge;
    }

    @Override
    public Future<Void> feedback(FeedbackMessage message) {
        return HttpFailures.call(blocking, UNAVAILABLE, () -> {
            catalog.resolve(message.appId(), false); // unknown or unpublished apps take none
            try {
                feedback.put(new Feedback(
                        message.turnId(),
                        message.appId(),
                        message.up() ? Feedback.Rating.UP : Feedback.Rating.DOWN,
                        message.comment(),
                        message.channel(),
                        message.userId(),
                        Instant.now()));
            } catch (IllegalArgumentException refused) {
                // The caller's text the store cannot hold (H2 counts UTF-16 units): a 400, not a 503.
                throw new HttpException(400, refused.getMessage());
            }
            return null;
        });
    }

    @Override
    public Future<TurnReply> handle(InboundMessage message, Consumer<OutboundMessage.StreamChunk> onChunk) {
        // Called on an event loop: the turn goes to a virtual thread, its chunks and reply come back.
        Context context = vertx.getOrCreateContext();
        Consumer<OutboundMessage.StreamChunk> chunks =
                onChunk == null ? null : chunk -> context.runOnContext(v -> onChunk.accept(chunk));
        return HttpFailures.call(blocking, UNAVAILABLE, () -> run(message, chunks));
    }

    @Override
    public TurnReply run(InboundMessage message, Consumer<OutboundMessage.StreamChunk> onChunk) {
        // The root of the message's trace (or a child of the developer-API caller's span): one per turn.
        ApiTurn api = message.api();
        String name = "channel " + message.channel();
        TraceSpan span = (api != null
                        ? Tracing.span(name, TraceSpan.Kind.SERVER, api.traceParent(), api.traceState())
                        : Tracing.span(name, TraceSpan.Kind.SERVER))
                .set("switchboard.channel", message.channel())
                .set("switchboard.app.id", message.appId())
                .set("switchboard.message.id", message.messageId())
                .set("switchboard.draft", message.draft());
        return span.call(() -> {
            TurnReply reply = runTurn(message, onChunk);
            if (reply.failed()) {
                span.fail("failed");
            }
            return reply;
        });
    }

    private TurnReply runTurn(InboundMessage message, Consumer<OutboundMessage.StreamChunk> onChunk) {
        Instant stopped = stoppedAt;
        if (stopped != null && message.receivedAt().isAfter(stopped)) {
            // Messages received before the stop (queued behind a chat's pacing, say) still get answers.
            throw new HttpException(503, "Switchboard is shutting down; try again shortly");
        }
        AgentRequest request = new AgentRequest(
                message.appId(),
                message.draft(),
                message.channel(),
                message.conversationId(),
                message.userId(),
                message.text(),
                message.variables(),
                message.attachments().isEmpty()
                        ? List.of()
                        : message.attachments().stream()
                                .map(RuntimeBridge::attachment)
                                .toList(),
                // The channel's message id is what the user saw (the API's response id): feedback names it.
                message.messageId().length() <= 64 ? message.messageId() : null,
                client(message.api()));
        Consumer<String> tokens =
                onChunk == null ? null : token -> onChunk.accept(new OutboundMessage.StreamChunk(token));
        Quotas.Turn quotaTurn = quotas == null || message.draft() ? null : quotaTurn(message);
        inFlight.incrementAndGet();
        try {
            if (quotaTurn != null) {
                Optional<Quotas.Refusal> refusal = quotas.admit(quotaTurn);
                if (refusal.isPresent()) {
                    return refused(message, refusal.get());
                }
            }
            TurnResult result = runtime.run(request, tokens);
            if (quotaTurn != null) {
                quotas.charge(quotaTurn, (long) result.inputTokens() + result.outputTokens());
            }
            return new TurnReply(
                    result.conversationId(),
                    result.text(),
                    result.inputTokens(),
                    result.outputTokens(),
                    result.failed(),
                    result.citations().stream()
                            .map(citation -> new TurnReply.Source(citation.source(), citation.passage()))
                            .toList(),
                    result.turnId(),
                    result.followUps(),
                    result.clientToolCalls().stream()
                            .map(call -> new ApiTurn.ToolCall(call.id(), call.name(), call.arguments()))
                            .toList(),
                    result.finishReason(),
                    result.rejection());
        } catch (InvalidClientRequest invalid) {
            throw new InvalidTurnException(invalid.param(), invalid.getMessage());
        } catch (RuntimeException e) {
            throw HttpFailures.toHttp(e, UNAVAILABLE);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * The developer API's conversations are scoped by key ({@code <keyId>:<conversation>}): the key is the
     * part before the first colon.
     */
    private static Quotas.Turn quotaTurn(InboundMessage message) {
        String keyId = null;
        if (message.channel().equals(API_CHANNEL)) {
            int colon = message.conversationId().indexOf(':');
            keyId = colon > 0 ? message.conversationId().substring(0, colon) : null;
        }
        return new Quotas.Turn(message.appId(), message.channel(), String.valueOf(message.userId()), keyId);
    }

    /**
     * The web chat and the developer API answer 429 with Retry-After; chat platforms (WeChat, WeCom,
     * Telegram) get a friendly reply in the conversation instead, since they cannot show an HTTP status.
     * Worded in the app's reply language, else the user's (both when neither tells: a photo).
     */
    private TurnReply refused(InboundMessage message, Quotas.Refusal refusal) {
        long seconds = refusal.retryAfter().toSeconds();
        boolean tokens = refusal.unit().equals("tokens");
        String english = (tokens
                        ? "Today's usage limit is reached; please try again in "
                        : "You are sending messages too quickly; please try again in ")
                + waitEnglish(seconds) + ".";
        String chinese = (tokens ? "今天的用量已用完，请 " : "消息太频繁了，请 ") + waitChinese(seconds) + "后再试。";
        String text =
                FixedTexts.pick(replyLanguage(message), message.text(), english, chinese, chinese + " " + english);
        if (message.channel().equals(API_CHANNEL) || message.channel().equals(WEB_CHANNEL)) {
            throw new QuotaExceeded(text, seconds);
        }
        return new TurnReply(message.conversationId(), text, 0, 0, true, List.of(), null, null);
    }

    /** The app's reply language for a fixed text, or null (none set, or the app cannot be read now). */
    private String replyLanguage(InboundMessage message) {
        try {
            ResolvedApp app = catalog.resolveCached(message.appId(), message.draft());
            if (app == null) {
                app = catalog.resolve(message.appId(), message.draft());
            }
            return app.config().replyLanguage();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String waitChinese(long seconds) {
        return seconds < 120 ? seconds + " 秒" : (seconds + 59) / 60 + " 分钟";
    }

    private static String waitEnglish(long seconds) {
        return seconds < 120 ? seconds + " s" : (seconds + 59) / 60 + " min";
    }

    private static final String API_CHANNEL = "api";
    private static final String WEB_CHANNEL = "web";

    /** The developer API's part of a message in the runtime's terms; null for other channels. */
    private static ClientRequest client(ApiTurn api) {
        if (api == null) {
            return null;
        }
        ApiTurn.Sampling sampling = api.sampling();
        return new ClientRequest(
                api.stateless(),
                api.messages().stream()
                        .map(message -> new ClientRequest.Message(
                                ClientRequest.Message.Role.valueOf(
                                        message.role().toUpperCase(Locale.ROOT)),
                                message.text(),
                                message.toolCalls().stream()
                                        .map(call ->
                                                new ClientRequest.ToolCall(call.id(), call.name(), call.arguments()))
                                        .toList(),
                                message.toolCallId()))
                        .toList(),
                api.systemMessage(),
                new ClientRequest.Sampling(
                        sampling.temperature(),
                        sampling.topP(),
                        sampling.maxTokens(),
                        sampling.stop(),
                        sampling.seed(),
                        sampling.presencePenalty(),
                        sampling.frequencyPenalty(),
                        sampling.user()),
                api.responseFormatJson(),
                api.toolsJson(),
                api.toolChoiceJson());
    }

    private static Attachment attachment(InboundMessage.Attachment attachment) {
        Attachment.Kind kind = switch (attachment.kind()) {
            case IMAGE -> Attachment.Kind.IMAGE;
            case AUDIO -> Attachment.Kind.AUDIO;
        };
        return new Attachment(kind, attachment.mimeType(), attachment.data());
    }

    @Override
    public Future<Void> forgetLastAnswer(String appId, String conversationId) {
        return HttpFailures.call(blocking, UNAVAILABLE, () -> {
            runtime.forgetLastExchange(appId, conversationId);
            return null;
        });
    }

    @Override
    public Future<Void> keepLastAnswerAs(String appId, String conversationId, String text) {
        return HttpFailures.call(blocking, UNAVAILABLE, () -> {
            runtime.keepLastAnswerAs(appId, conversationId, text);
            return null;
        });
    }

    @Override
    public Future<Void> forgetConversation(String appId, String conversationId) {
        return HttpFailures.call(blocking, UNAVAILABLE, () -> {
            runtime.forgetConversation(appId, conversationId);
            return null;
        });
    }

    @Override
    public Future<AppProfile> profile(String appId) {
        ResolvedApp cached = catalog.resolveCached(appId, false);
        if (cached != null) {
            return Future.succeededFuture(profileOf(cached));
        }
        return HttpFailures.call(blocking, UNAVAILABLE, () -> profileOf(catalog.resolve(appId, false)));
    }

    private static AppProfile profileOf(ResolvedApp app) {
        return new AppProfile(
                app.appId(),
                app.config().name(),
                app.config().openingStatement(),
                app.config().suggestedQuestions(),
                app.config().acceptsImages(),
                app.config().acceptsVoice(),
                inputVariables(app.config().systemPrompt(), app.config().variables()),
                app.config().replyLanguage());
    }

    private static final java.util.regex.Pattern PROMPT_VARIABLE =
            java.util.regex.Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]{1,64})\\s*}}");

    /**
     * The app's input variables for the web chat's form: those its prompt names, in the prompt's order,
     * then any other with a default value; each with its default (empty when it has none). The prompt
     * itself is not shown.
     */
    static Map<String, String> inputVariables(String systemPrompt, Map<String, String> defaults) {
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        var matcher = PROMPT_VARIABLE.matcher(systemPrompt == null ? "" : systemPrompt);
        while (matcher.find()) {
            variables.putIfAbsent(matcher.group(1), defaults.getOrDefault(matcher.group(1), ""));
        }
        new java.util.TreeMap<>(defaults).forEach(variables::putIfAbsent);
        return variables;
    }

    @Override
    public Future<ApiCaller> verify(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank() || presentedKey.length() > 200) {
            return Future.failedFuture(new HttpException(401, "missing or malformed API key"));
        }
        String hash = ApiKeys.hash(presentedKey);
        Optional<ApiCaller> cached = keysByHash.getIfPresent(hash);
        if (cached != null) {
            return callerOrUnauthorized(cached);
        }
        return HttpFailures.call(blocking, UNAVAILABLE, () -> keysByHash.get(hash, this::lookUpKey))
                .compose(RuntimeBridge::callerOrUnauthorized);
    }

    private Optional<ApiCaller> lookUpKey(String hash) {
        return apiKeys.findByHash(hash).filter(key -> !key.revoked()).map(this::callerOf);
    }

    private ApiCaller callerOf(ApiKey key) {
        return new ApiCaller(key.id(), key.appId(), Set.copyOf(apiKeys.allowedOrigins(key.id())));
    }

    @Override
    public Future<Boolean> anyKeyAllows(String origin) {
        Set<String> cached = preflightOrigins.getIfPresent(Boolean.TRUE);
        if (cached != null) {
            return Future.succeededFuture(cached.contains("*") || cached.contains(origin));
        }
        return HttpFailures.call(
                        blocking,
                        UNAVAILABLE,
                        () -> preflightOrigins.get(Boolean.TRUE, ignored -> apiKeys.allowedOriginsOfValidKeys()))
                .map(origins -> origins.contains("*") || origins.contains(origin));
    }

    private static Future<ApiCaller> callerOrUnauthorized(Optional<ApiCaller> caller) {
        return caller.map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture(new HttpException(401, "invalid or revoked API key")));
    }

    @Override
    public void appChanged(String appId) {
        // Key revocations are announced as changes of their app; unknown keys are cached too, so a
        // key created a moment ago must not stay "unknown": drop those as well.
        keysByHash
                .asMap()
                .entrySet()
                .removeIf(e ->
                        e.getValue().isEmpty() || e.getValue().get().appId().equals(appId));
        preflightOrigins.invalidateAll();
    }

    @Override
    public void providerChanged(String providerId) {}

    /** Refuses turns (503) for messages received from now on. */
    public void stopAccepting() {
        stoppedAt = Instant.now();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void close() {
        blocking.close();
    }
}
