package io.switchboard.runtime.workflow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.runtime.knowledge.DocumentText;
import io.switchboard.runtime.model.ModelInvoker;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.tool.KnowledgeLookup;
import io.switchboard.runtime.tool.OutboundHttp;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.threads.VirtualThreads;
import io.switchboard.tracing.TraceSpan;
import io.switchboard.tracing.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Validates and runs workflow graphs. Blocking: {@link #run} coordinates on the calling (virtual)
 * thread and runs nodes on virtual threads. Thread-safe; one per gateway.
 */
public final class WorkflowEngine {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final EngineServices services;
    private final ExecutorService executor =
            Executors.newThreadPerTaskExecutor(VirtualThreads.factory("workflow-node"));
    private final Clock clock;
    // Keyed by identity: a stored graph is parsed once and reused, so its plan is too.
    private final Cache<WorkflowGraph, Plan> plans =
            Caffeine.newBuilder().weakKeys().maximumSize(1_000).build();

    private WorkflowEngine(Builder builder) {
        this.services = new EngineServices(
                builder.models,
                builder.providers,
                builder.knowledge,
                builder.http,
                builder.tools,
                builder.code,
                builder.conversationVariables,
                builder.documents == null ? lazyDocuments() : () -> builder.documents);
        this.clock = builder.clock;
    }

    private static java.util.function.Supplier<DocumentText> lazyDocuments() {
        return new java.util.function.Supplier<>() {
            private volatile DocumentText made;

            @Override
            public DocumentText get() {
                if (made == null) {
                    synchronized (this) {
                        if (made == null) {
                            made = DocumentText.create(200_000);
                        }
                    }
                }
                return made;
            }
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every reason the graph cannot run, each naming the node and field; empty when it can. */
    public List<ValidationError> validate(WorkflowGraph graph) {
        return GraphValidator.validate(Objects.requireNonNull(graph, "graph"));
    }

    /**
     * Runs {@code graph}. A node failure, a timeout or an unreachable end is a run with that status,
     * not an exception.
     *
     * @param onToken receives the streamed answer of the LLM node the end node streams, or null
     * @throws InvalidWorkflowException when the graph is invalid or the inputs do not fit the start node
     */
    public WorkflowRun run(
            String workflowId,
            int version,
            WorkflowGraph graph,
            Map<String, Object> inputs,
            Duration timeout,
            Consumer<String> onToken) {
        return execute(new RunRequest(workflowId, version, graph, inputs, timeout, onToken, null))
                .run();
    }

    /**
     * What to run.
     *
     * @param conversationId the chat conversation (conversation variables are loaded and kept per
     *     conversation), or null
     */
    public record RunRequest(
            String workflowId,
            int version,
            WorkflowGraph graph,
            Map<String, Object> inputs,
            Duration timeout,
            Consumer<String> onToken,
            String conversationId) {}

    /** A run, and when its status is {@code paused}, what is needed to resume it. */
    public record Result(WorkflowRun run, PausedRun paused) {}

    /** Runs a request; see {@link #run}. @throws InvalidWorkflowException */
    public Result execute(RunRequest request) {
        return execute(request, UUID.randomUUID().toString());
    }

    /** Runs a request as run {@code runId} (known before it starts, for idempotency keys). */
    public Result execute(RunRequest request, String runId) {
        Plan plan = plans.get(request.graph(), Plan::of);
        Map<String, Object> accepted = StartNode.accept(plan.nodes[plan.start], request.inputs());
        return go(plan, request, accepted, runId, Map.of(), Map.of(), 0, 0, null);
    }

    /**
     * Resumes a paused run with a person's decision: the nodes that finished are replayed from their
     * stored results, the waiting node takes the decision, the rest runs.
     *
     * @throws IllegalArgumentException when the action is not one the waiting node offers
     */
    public Result resume(PausedRun paused, HumanDecision decision, Duration timeout, Consumer<String> onToken) {
        if (!decision.action().equals(HumanDecision.TIMEOUT)
                && !paused.actions().contains(decision.action())) {
            throw new IllegalArgumentException(
                    "action must be one of " + paused.actions() + ", got '" + decision.action() + "'");
        }
        Plan plan = plans.get(paused.graph(), Plan::of);
        Map<String, PausedRun.Finished> replay = new HashMap<>();
        paused.finished().forEach(f -> replay.put(f.nodeId(), f));
        RunRequest request = new RunRequest(
                paused.workflowId(),
                paused.version(),
                paused.graph(),
                paused.inputs(),
                timeout,
                onToken,
                paused.conversationId());
        return go(
                plan,
                request,
                paused.inputs(),
                paused.runId(),
                replay,
                Map.of(paused.waiting(), decision),
                paused.tokens(),
                0,
                paused.createdAt());
    }

    private Result go(
            Plan plan,
            RunRequest request,
            Map<String, Object> accepted,
            String runId,
            Map<String, PausedRun.Finished> replay,
            Map<String, HumanDecision> decisions,
            int earlierTokens,
            long earlierMillis,
            Instant createdAt) {
        // The run's span is the parent of its nodes' spans (a chat flow's: a child of the turn's).
        TraceSpan span = Tracing.span("workflow run")
                .set("switchboard.workflow.id", request.workflowId())
                .set("switchboard.workflow.version", request.version())
                .set("switchboard.workflow.run.id", runId)
                .set("switchboard.workflow.resumed", !replay.isEmpty())
                .set("switchboard.workflow.nodes", plan.nodes.length);
        return span.call(() -> {
            Result result =
                    runPlan(plan, request, accepted, runId, replay, decisions, earlierTokens, earlierMillis, createdAt);
            span.set("switchboard.workflow.run.status", result.run().status().name())
                    .set("switchboard.workflow.run.tokens", result.run().tokens());
            if (result.run().status() == WorkflowRun.Status.FAILED
                    || result.run().status() == WorkflowRun.Status.TIMEOUT) {
                span.fail(result.run().status().name());
            }
            return result;
        });
    }

    private Result runPlan(
            Plan plan,
            RunRequest request,
            Map<String, Object> accepted,
            String runId,
            Map<String, PausedRun.Finished> replay,
            Map<String, HumanDecision> decisions,
            int earlierTokens,
            long earlierMillis,
            Instant createdAt) {
        long startNanos = System.nanoTime();
        RunScope scope =
                new RunScope(request.workflowId(), runId, request.conversationId(), decisions, executor, clock, false);
        Map<String, Object> conversation = ConversationState.load(services, request);
        Execution execution = new Execution(plan, services, request.onToken(), scope, replay);
        Execution.Outcome outcome = execution.run(
                accepted,
                java.util.Collections.synchronizedMap(new HashMap<>(conversation)),
                request.timeout() == null ? DEFAULT_TIMEOUT : request.timeout());
        if (outcome.status() == WorkflowRun.Status.SUCCEEDED) {
            ConversationState.save(services, request, conversation, execution.variables());
        }
        WorkflowRun run = new WorkflowRun(
                runId,
                request.workflowId(),
                request.version(),
                outcome.status(),
                outcome.outputs(),
                outcome.error(),
                List.copyOf(execution.traces()),
                earlierMillis + (System.nanoTime() - startNanos) / 1_000_000,
                outcome.tokens() - replayedTokens(replay) + earlierTokens,
                createdAt == null ? Instant.now(clock) : createdAt);
        if (outcome.status() != WorkflowRun.Status.PAUSED) {
            return new Result(run, null);
        }
        Execution.Paused waiting = execution.paused().getFirst();
        PauseRequest ask = waiting.request();
        PausedRun paused = new PausedRun(
                runId,
                request.workflowId(),
                request.version(),
                request.graph(),
                accepted,
                request.conversationId(),
                List.copyOf(execution.finishedNodes()),
                waiting.nodeId(),
                ask.prompt,
                ask.actions,
                ask.editable,
                ask.timeoutAt,
                ask.recipient,
                run.tokens(),
                run.createdAt());
        return new Result(run, paused);
    }

    private static int replayedTokens(Map<String, PausedRun.Finished> replay) {
        return replay.values().stream().mapToInt(f -> f.trace().tokens()).sum();
    }

    /** The engine's collaborators; models, providers, http and tools are required. */
    public static final class Builder {
        private ModelInvoker models;
        private Function<String, Optional<ProviderConfig>> providers;
        private KnowledgeLookup knowledge;
        private OutboundHttp http;
        private ToolRegistry tools;
        private CodeRunner code;
        private ConversationVariableStore conversationVariables;
        private DocumentText documents;
        private Clock clock = Clock.systemUTC();

        public Builder models(ModelInvoker models, Function<String, Optional<ProviderConfig>> providers) {
            this.models = models;
            this.providers = providers;
            return this;
        }

        /** Optional: without it the knowledge node fails at run time with a clear message. */
        public Builder knowledge(KnowledgeLookup knowledge) {
            this.knowledge = knowledge;
            return this;
        }

        public Builder http(OutboundHttp http) {
            this.http = http;
            return this;
        }

        public Builder tools(ToolRegistry tools) {
            this.tools = tools;
            return this;
        }

        /** Optional: without it the code node fails at run time with a clear message. */
        public Builder code(CodeRunner code) {
            this.code = code;
            return this;
        }

        /** Optional: without it conversation variables start from their initial values every run. */
        public Builder conversationVariables(ConversationVariableStore store) {
            this.conversationVariables = store;
            return this;
        }

        /** Optional: the document extractor's parsers (default: 200,000 characters at most). */
        public Builder documents(DocumentText documents) {
            this.documents = documents;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public WorkflowEngine build() {
            if (models == null || providers == null || http == null || tools == null) {
                throw new IllegalStateException("models, providers, http and tools are required");
            }
            return new WorkflowEngine(this);
        }
    }
}
