package io.switchboard.runtime.turn;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.switchboard.runtime.app.AppCatalog;
import io.switchboard.runtime.app.AppConfig;
import io.switchboard.runtime.app.ResolvedApp;
import io.switchboard.runtime.knowledge.Citation;
import io.switchboard.runtime.memory.ChatEntry;
import io.switchboard.runtime.memory.ConversationMemory;
import io.switchboard.runtime.memory.MemoryKeys;
import io.switchboard.runtime.memory.TokenBudget;
import io.switchboard.runtime.model.ModelFailure;
import io.switchboard.runtime.model.ModelInvoker;
import io.switchboard.runtime.model.ModelRoute;
import io.switchboard.runtime.model.ModelSettings;
import io.switchboard.runtime.model.ModelStep;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.moderation.Moderation;
import io.switchboard.runtime.moderation.TurnModeration;
import io.switchboard.runtime.offline.QaMatcher;
import io.switchboard.runtime.tool.Tool;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.tracing.TraceSpan;
import io.switchboard.tracing.Tracing;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The turn pipeline: app version → memory (window and summary) → Q&A pairs → model or offline answer →
 * memory (the summary updated after the turn) → listeners.
 * Knowledge retrieval and tools plug in as {@link PromptContributor}s without changing this class.
 */
public final class StandardAgentRuntime implements AgentRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(StandardAgentRuntime.class);

    private final AppCatalog catalog;
    private final ConversationMemory memory;
    private final QaMatcher qaMatcher;
    private final ModelInvoker models;
    private final List<PromptContributor> contributors;
    private final List<TurnListener> listeners;
    private final Clock clock;
    private final ToolRegistry tools;
    private final ChatFlow chatFlow;
    private final ToolLoop toolLoop;
    private final MediaTurn media;
    private final SummaryWriter summaries;
    private final FollowUpWriter followUpWriter;
    private final Executor followUpExecutor;
    private final Moderation moderation;

    StandardAgentRuntime(StandardAgentRuntimeBuilder builder) {
        this.catalog = builder.catalog;
        this.memory = builder.memory;
        this.qaMatcher = builder.qaMatcher;
        this.models = builder.models;
        List<PromptContributor> contributors = new ArrayList<>();
        if (builder.knowledge != null) {
            contributors.add(
                    new KnowledgeContributor(builder.knowledge, new QueryRewriter(builder.catalog, builder.models)));
        }
        contributors.addAll(builder.contributors);
        this.contributors = List.copyOf(contributors);
        this.listeners = List.copyOf(builder.listeners);
        this.clock = builder.clock;
        this.tools = builder.tools;
        this.chatFlow = builder.chatFlow;
        this.toolLoop = new ToolLoop(models, builder.toolExecutor);
        this.media = new MediaTurn(builder.catalog, builder.speech);
        this.followUpWriter = new FollowUpWriter(builder.catalog, builder.models, builder.qaMatcher);
        this.followUpExecutor = builder.afterTurnExecutor;
        this.moderation = builder.moderation;
        this.summaries = builder.summaries == null
                ? null
                : new SummaryWriter(builder.catalog, builder.models, builder.summaries, builder.afterTurnExecutor);
    }

    public static StandardAgentRuntimeBuilder builder() {
        return new StandardAgentRuntimeBuilder();
    }

    @Override
    public void forgetLastExchange(String appId, String conversationId) {
        memory.forgetLastExchange(MemoryKeys.of(appId, false, conversationId));
    }

    @Override
    public void keepLastAnswerAs(String appId, String conversationId, String text) {
        memory.replaceLastAnswer(MemoryKeys.of(appId, false, conversationId), text);
    }

    @Override
    public void forgetConversation(String appId, String conversationId) {
        String memoryKey = MemoryKeys.of(appId, false, conversationId);
        memory.clear(memoryKey);
        if (summaries != null) {
            summaries.forget(memoryKey);
        }
    }

    @Override
    public TurnResult run(AgentRequest request, Consumer<String> onToken) {
        // Ids, statuses and counts only: the question and the answer stay out of the trace.
        TraceSpan span = Tracing.span("turn")
                .set("switchboard.app.id", request.appId())
                .set("switchboard.channel", request.channel())
                .set("switchboard.draft", request.draft())
                .set("switchboard.attachments", request.attachments().size());
        return span.call(() -> {
            TurnResult result = turn(request, onToken);
            span.set("switchboard.turn.id", result.turnId())
                    .set("switchboard.app.version", result.appVersion())
                    .set("switchboard.turn.status", result.status().name())
                    .set("gen_ai.usage.input_tokens", result.inputTokens())
                    .set("gen_ai.usage.output_tokens", result.outputTokens())
                    .set("switchboard.citations", result.citations().size())
                    .set("switchboard.tool_calls", result.toolCalls().size());
            if (result.failed()) {
                span.fail(result.status().name());
            }
            LOG.debug(
                    "turn {} of app {} on {}: {} in {} ms",
                    result.turnId(),
                    request.appId(),
                    request.channel(),
                    result.status(),
                    result.latencyMs());
            return result;
        });
    }

    private TurnResult turn(AgentRequest original, Consumer<String> onToken) {
        long startNanos = System.nanoTime();
        ResolvedApp app = catalog.resolve(original.appId(), original.draft());
        AppConfig config = app.config();
        ClientTurn client = ClientTurn.of(config, original.client());
        TurnModeration checks = moderation == null
                ? TurnModeration.NONE
                : moderation.begin(original.appId(), config.moderation(), original.channel());
        TurnModeration.Input checked = checks.input(original.text());
        if (!checked.blocked() && !checked.text().equals(original.text())) {
            original = original.withText(checked.text()); // masked: the model never reads the words
        }
        MediaTurn.Prepared prepared = media.prepare(config, original);
        if (!checked.blocked()
                && prepared.answer() == null
                && !prepared.request().text().equals(original.text())) {
            // A voice note: what was said is checked once it is transcribed.
            TurnModeration.Input heard = checks.input(prepared.request().text());
            if (heard.blocked()) {
                checked = heard;
            } else if (!heard.text().equals(prepared.request().text())) {
                prepared = new MediaTurn.Prepared(
                        prepared.request().withText(heard.text()),
                        UserMessage.from(heard.text()),
                        heard.text(),
                        prepared.logText(),
                        null);
            }
        }
        AgentRequest request = prepared.request();
        String memoryKey = MemoryKeys.of(request.appId(), request.draft(), request.conversationId());
        // Stateless API calls bring their history along; memory is neither read nor written for them.
        int window = client.stateless() ? 0 : config.memory().lastMessages();
        List<ChatEntry> recent = window == 0 ? List.of() : memory.recent(memoryKey, window);
        List<ChatEntry> history = TokenBudget.trim(recent, config.memory().tokenBudget());
        boolean summarised =
                summaries != null && config.memory().summary() != null && !config.offline() && !client.stateless();
        String summary = summarised ? summaries.current(memoryKey) : null;

        FirstToken firstToken = new FirstToken(startNanos, checks.stream(onToken));
        Outcome outcome = checked.blocked() ? moderated(checks, config, original) : prepared.answer();
        if (outcome == null) {
            outcome = answer(app, prepared, history, summary, client, firstToken);
            outcome = moderatedAnswer(checks, outcome, config, original);
        } else if (!outcome.failed()) {
            firstToken.acceptPrepared(outcome.text());
        }

        // A turn that hands tool calls to the client is not over: its answer comes with the results.
        if (!outcome.failed()
                && !checked.blocked()
                && window > 0
                && outcome.clientToolCalls().isEmpty()) {
            List<ChatEntry> turn = List.of(
                    new ChatEntry(ChatEntry.Role.USER, prepared.memoryText()),
                    new ChatEntry(ChatEntry.Role.ASSISTANT, outcome.text()));
            if (remember(memoryKey, turn, window) && summarised) {
                // What the append pushed out of the window goes into the long-term summary.
                List<ChatEntry> all = new ArrayList<>(recent);
                all.addAll(turn);
                summaries.fold(request.appId(), config, memoryKey, all.subList(0, Math.max(0, all.size() - window)));
            }
        }
        long latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
        String turnId =
                request.turnId() != null ? request.turnId() : UUID.randomUUID().toString();
        checks.record(turnId);
        TurnLog log = new TurnLog(
                turnId,
                request.appId(),
                app.version(),
                clip(request.channel(), 64),
                clip(request.conversationId(), 255),
                clip(request.userId(), 255),
                prepared.logText(),
                outcome.text(),
                outcome.status(),
                outcome.error(),
                latencyMs,
                firstToken.millis(latencyMs),
                outcome.inputTokens(),
                outcome.outputTokens(),
                Instant.now(clock),
                outcome.toolCalls(),
                List.of(),
                outcome.model());
        CompletionStage<List<String>> followUps;
        // A turn that hands tool calls back to the developer-API client is no answer to follow up on.
        if (config.followUps() == null
                || outcome.failed()
                || outcome.status() == TurnStatus.UNSUPPORTED
                || outcome.status() == TurnStatus.MODERATED
                || !outcome.clientToolCalls().isEmpty()) {
            notifyListeners(log);
            followUps = CompletableFuture.completedFuture(List.of());
        } else {
            // After the answer: the caller has it already; the log waits for the suggestions it shows.
            String question = request.text();
            String answerText = outcome.text();
            followUps = CompletableFuture.supplyAsync(
                            () -> followUpWriter.write(request.appId(), config, question, answerText), followUpExecutor)
                    .exceptionally(failure -> List.of());
            followUps.thenAccept(questions -> notifyListeners(withFollowUps(log, questions)));
        }
        return new TurnResult(
                request.conversationId(),
                outcome.text(),
                app.version(),
                outcome.status(),
                outcome.failed(),
                outcome.inputTokens(),
                outcome.outputTokens(),
                latencyMs,
                outcome.citations(),
                outcome.toolCalls(),
                turnId,
                followUps,
                outcome.clientToolCalls(),
                outcome.finishReason(),
                outcome.rejection());
    }

    private Outcome answer(
            ResolvedApp app,
            MediaTurn.Prepared prepared,
            List<ChatEntry> history,
            String summary,
            ClientTurn client,
            FirstToken sink) {
        AppConfig config = app.config();
        AgentRequest request = prepared.request();
        // A photo's caption is no question of its own: Q&A pairs answer text messages only. A client
        // asking for a response format or offering tools wants the model.
        if (!config.qaPairs().isEmpty() && prepared.userMessage().hasSingleText() && !client.needsModel()) {
            Optional<QaMatcher.Match> match = qaMatcher.match(config.qaPairs(), request.text(), config.qaThreshold());
            if (match.isPresent()) {
                String text = match.get().pair().answer();
                sink.acceptPrepared(text);
                return Outcome.ok(text, TurnStatus.QA, 0, 0, List.of());
            }
        }
        if (config.skills().chatFlow() != null && chatFlow != null) {
            return flow(app, request, client.stateless() ? client.textHistory() : history, sink);
        }
        List<Contribution> contributions = contributors.stream()
                .map(contributor -> contributor.contribute(app, request, history))
                .toList();
        List<Citation> citations =
                contributions.stream().flatMap(c -> c.citations().stream()).toList();
        if (config.offline()) {
            if (!citations.isEmpty()) {
                Citation best = citations.get(0);
                String text = best.passage().strip() + "\n\n(" + best.source() + ")";
                sink.acceptPrepared(text);
                return Outcome.ok(text, TurnStatus.KNOWLEDGE, 0, 0, List.of(best));
            }
            String fallback = config.fallbackText().equals(AppConfig.DEFAULT_FALLBACK)
                    ? FixedReply.FALLBACK.in(lang(config, request))
                    : config.fallbackText();
            sink.acceptPrepared(fallback);
            return Outcome.ok(fallback, TurnStatus.OFFLINE, 0, 0, List.of());
        }
        Optional<ProviderConfig> provider = catalog.provider(config.model().providerId());
        if (provider.isEmpty()) {
            String error = "provider '" + config.model().providerId() + "' does not exist";
            return Outcome.failed(FixedReply.MISCONFIGURED.in(lang(config, request)), error);
        }
        List<ModelRoute> routes = routes(request.appId(), config, provider.get());
        List<ChatMessage> messages = ChatPrompt.messages(app, prepared, summary, history, contributions, client);
        Map<String, Tool> bound = boundTools(config);
        try {
            if (!bound.isEmpty() || !client.tools().isEmpty()) {
                ToolLoop.Result result = toolLoop.run(
                        routes,
                        messages,
                        bound,
                        client.tools(),
                        client.options(),
                        config.skills(),
                        sink.streaming() ? sink : null);
                if (!sink.streaming()) {
                    sink.accept(result.text());
                }
                return new Outcome(
                        result.text(),
                        TurnStatus.OK,
                        null,
                        false,
                        result.inputTokens(),
                        result.outputTokens(),
                        citations,
                        result.calls(),
                        result.clientCalls().stream()
                                .map(call -> new ClientRequest.ToolCall(call.id(), call.name(), call.arguments()))
                                .toList(),
                        result.finishReason(),
                        null,
                        result.model());
            }
            ModelStep answer = models.invokeWithTools(
                    routes, messages, List.of(), client.options(), sink.streaming() ? sink : null);
            if (!sink.streaming()) {
                sink.accept(answer.text());
            }
            return new Outcome(
                    answer.text(),
                    TurnStatus.OK,
                    null,
                    false,
                    answer.inputTokens(),
                    answer.outputTokens(),
                    citations,
                    List.of(),
                    List.of(),
                    answer.finishReason(),
                    null,
                    answer.model());
        } catch (ModelFailure failure) {
            LOG.warn(
                    "model call failed: app={} models={} status={} retriable={}: {}",
                    request.appId(),
                    routes.stream().map(ModelRoute::label).toList(),
                    failure.httpStatus(),
                    failure.retriable(),
                    failure.getMessage());
            if (failure.inputRejected()) {
                return Outcome.rejected(
                        FixedReply.modelFailure(failure, lang(config, request)),
                        failure.getMessage(),
                        failure.providerReason() != null ? failure.providerReason() : "the model refused the request");
            }
            return Outcome.failed(FixedReply.modelFailure(failure, lang(config, request)), failure.getMessage());
        }
    }

    /**
     * The app's model, then each fallback whose provider exists (one that was deleted is skipped, so
     * the rest of the chain still answers).
     */
    private List<ModelRoute> routes(String appId, AppConfig config, ProviderConfig primary) {
        if (config.fallbacks().isEmpty()) {
            return List.of(new ModelRoute(primary, config.model()));
        }
        List<ModelRoute> routes = new ArrayList<>(1 + config.fallbacks().size());
        routes.add(new ModelRoute(primary, config.model()));
        for (ModelSettings fallback : config.fallbacks()) {
            Optional<ProviderConfig> provider = catalog.provider(fallback.providerId());
            if (provider.isPresent()) {
                routes.add(new ModelRoute(provider.get(), fallback));
            } else {
                LOG.warn("app {}: fallback provider '{}' does not exist; skipped", appId, fallback.providerId());
            }
        }
        return routes;
    }

    /** A blocked message: the preset reply, the model never called. */
    private static Outcome moderated(TurnModeration checks, AppConfig config, AgentRequest request) {
        return Outcome.ok(preset(checks, config, request), TurnStatus.MODERATED, 0, 0, List.of());
    }

    /** The answer as moderation leaves it: as it was, masked, or replaced by the preset reply. */
    private static Outcome moderatedAnswer(
            TurnModeration checks, Outcome outcome, AppConfig config, AgentRequest request) {
        if (checks.none() || outcome.failed() || !outcome.clientToolCalls().isEmpty()) {
            return outcome;
        }
        TurnModeration.Output output = checks.output(outcome.text());
        if (!output.replaced() && output.text().equals(outcome.text())) {
            return outcome;
        }
        String text = output.replaced() ? preset(checks, config, request) : output.text();
        if (output.replaced()) {
            checks.sendPreset(text);
        }
        return new Outcome(
                text,
                output.replaced() ? TurnStatus.MODERATED : outcome.status(),
                outcome.error(),
                false,
                outcome.inputTokens(),
                outcome.outputTokens(),
                output.replaced() ? List.of() : outcome.citations(),
                outcome.toolCalls(),
                outcome.clientToolCalls(),
                output.replaced() ? "content_filter" : outcome.finishReason(),
                outcome.rejection(),
                outcome.model());
    }

    private static String preset(TurnModeration checks, AppConfig config, AgentRequest request) {
        return checks.presetReply() != null ? checks.presetReply() : FixedReply.MODERATED.in(lang(config, request));
    }

    private Map<String, Tool> boundTools(AppConfig config) {
        if (tools == null || !config.skills().bindsTools()) {
            return Map.of();
        }
        List<String> references = new ArrayList<>(config.skills().tools());
        config.skills().workflows().forEach(id -> references.add("workflow/" + id));
        return tools.resolve(references);
    }

    private Outcome flow(ResolvedApp app, AgentRequest request, List<ChatEntry> history, FirstToken sink) {
        String workflowId = app.config().skills().chatFlow();
        try {
            boolean[] streamed = {false};
            Consumer<String> flowSink = sink.streaming()
                    ? token -> {
                        streamed[0] = true;
                        sink.accept(token);
                    }
                    : null;
            ChatFlow.Reply reply = chatFlow.reply(workflowId, app, request, history, flowSink);
            if (!streamed[0]) {
                // The flow streamed nothing (no streamed LLM node, or the channel does not stream): send it now.
                sink.acceptPrepared(reply.text());
            }
            return Outcome.ok(reply.text(), TurnStatus.OK, reply.inputTokens(), reply.outputTokens(), List.of());
        } catch (RuntimeException e) {
            LOG.warn("chat flow {} of app {} failed: {}", workflowId, request.appId(), e.getMessage());
            return Outcome.failed(
                    FixedReply.FLOW_FAILED.in(lang(app.config(), request)),
                    "chat flow '" + workflowId + "' failed: " + e.getMessage());
        }
    }

    private static TurnLog withFollowUps(TurnLog log, List<String> followUps) {
        return new TurnLog(
                log.id(),
                log.appId(),
                log.appVersion(),
                log.channel(),
                log.conversationId(),
                log.userId(),
                log.query(),
                log.answer(),
                log.status(),
                log.error(),
                log.latencyMs(),
                log.firstTokenMs(),
                log.inputTokens(),
                log.outputTokens(),
                log.createdAt(),
                log.toolCalls(),
                followUps,
                log.model());
    }

    private static Lang lang(AppConfig config, AgentRequest request) {
        return Lang.of(config.replyLanguage(), request.text());
    }

    /** The log's columns are bounded; one overlong value must not make a whole log batch fail. */
    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private void notifyListeners(TurnLog log) {
        for (TurnListener listener : listeners) {
            try {
                listener.turnFinished(log);
            } catch (RuntimeException e) {
                LOG.error("turn listener {} failed", listener.getClass().getName(), e);
            }
        }
    }

    /**
     * The answer is given even when it cannot be remembered (the database behind memory is down): the
     * user gets what the model already produced, and the conversation misses this one exchange.
     */
    private boolean remember(String memoryKey, List<ChatEntry> turn, int keep) {
        try {
            memory.append(memoryKey, turn, keep);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("conversation {} not remembered: {}", memoryKey, e.toString());
            return false;
        }
    }
}
