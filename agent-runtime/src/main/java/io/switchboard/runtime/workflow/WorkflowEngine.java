package io.switchboard.runtime.workflow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.runtime.model.ModelInvoker;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.tool.KnowledgeLookup;
import io.switchboard.runtime.tool.OutboundHttp;
import io.switchboard.runtime.tool.ToolRegistry;
import io.switchboard.threads.VirtualThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
                builder.models, builder.providers, builder.knowledge, builder.http, builder.tools, builder.code);
        this.clock = builder.clock;
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
        Plan plan = plans.get(graph, Plan::of);
        Map<String, Object> accepted = StartNode.accept(plan.nodes[plan.start], inputs);
        long startNanos = System.nanoTime();
        Execution execution = new Execution(plan, services, executor, onToken, clock);
        Execution.Outcome outcome = execution.run(accepted, timeout == null ? DEFAULT_TIMEOUT : timeout);
        return new WorkflowRun(
                UUID.randomUUID().toString(),
                workflowId,
                version,
                outcome.status(),
                outcome.outputs(),
                outcome.error(),
                List.copyOf(execution.traces()),
                (System.nanoTime() - startNanos) / 1_000_000,
                outcome.tokens(),
                Instant.now(clock));
    }

    /** The engine's collaborators; models, providers, http and tools are required. */
    public static final class Builder {
        private ModelInvoker models;
        private Function<String, Optional<ProviderConfig>> providers;
        private KnowledgeLookup knowledge;
        private OutboundHttp http;
        private ToolRegistry tools;
        private CodeRunner code;
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
