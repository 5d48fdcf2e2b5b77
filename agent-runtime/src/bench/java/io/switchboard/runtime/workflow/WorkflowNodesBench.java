package io.switchboard.runtime.workflow;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import io.switchboard.runtime.model.ModelAnswer;
import io.switchboard.runtime.model.ModelInvoker;
import io.switchboard.runtime.model.ModelSettings;
import io.switchboard.runtime.model.ModelStep;
import io.switchboard.runtime.model.ProviderConfig;
import io.switchboard.runtime.model.ProviderKind;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.security.Secret;
import io.switchboard.runtime.tool.OutboundHttp;
import io.switchboard.runtime.tool.ToolRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Benchmarks of the newer nodes (not a test):
 *
 * <ul>
 *   <li>{@code iteration}: start → a parallel iteration (10 items, concurrency 10) whose body is
 *       start → LLM → end, with an instant in-process model → end: 33 node executions per run. Latency,
 *       engine overhead per node (latency minus the LLM nodes' own time, divided by 33) and runs/s.
 *   <li>{@code paused}: pauses N runs at a human-input node (start → template → human input → end) from
 *       one caller thread, keeps them as stored state, counts the JVM's threads, then resumes them all.
 * </ul>
 */
final class WorkflowNodesBench {
    private WorkflowNodesBench() {}

    /** Answers at once, like the fake model server would, without the HTTP round trip. */
    static final class InstantModel implements ModelInvoker {
        @Override
        public ModelAnswer invoke(
                ProviderConfig provider, ModelSettings settings, List<ChatMessage> messages, Consumer<String> onToken) {
            return new ModelAnswer("ok", 10, 2);
        }

        @Override
        public ModelStep invokeWithTools(
                ProviderConfig provider,
                ModelSettings settings,
                List<ChatMessage> messages,
                List<ToolSpecification> tools,
                Consumer<String> onToken) {
            return new ModelStep("ok", List.of(), 10, 2);
        }

        @Override
        public void invalidate(String providerId) {}
    }

    static WorkflowEngine engine() {
        ProviderConfig provider = ProviderConfig.of(
                "fake", "Fake", ProviderKind.OPENAI_COMPATIBLE, "http://127.0.0.1:9", Secret.of("k"), Duration.ofSeconds(5), 0);
        return WorkflowEngine.builder()
                .models(new InstantModel(), id -> Optional.of(provider))
                .http(OutboundHttp.create(NetPolicy.DEFAULT))
                .tools(ToolRegistry.create(List.of()))
                .build();
    }

    static final String ITERATION = "{'nodes':["
            + "{'id':'start','type':'start','config':{'inputs':[{'name':'items','type':'array'}]}},"
            + "{'id':'each','type':'iteration','config':{'items':'start.items','mode':'parallel','concurrency':10,"
            + "'body':{'nodes':[{'id':'s','type':'start'},"
            + "{'id':'ask','type':'llm','config':{'provider':'fake','model':'m','prompt':'About {{s.item}}'}},"
            + "{'id':'e','type':'end','config':{'outputs':[{'name':'text','value':'ask.text'}]}}],"
            + "'edges':[{'from':'s','to':'ask'},{'from':'ask','to':'e'}]}}},"
            + "{'id':'end','type':'end','config':{'outputs':[{'name':'out','value':'each.output'}]}}],"
            + "'edges':[{'from':'start','to':'each'},{'from':'each','to':'end'}]}";

    static void iteration(int runs) throws Exception {
        WorkflowEngine engine = engine();
        WorkflowGraph graph = WorkflowBenchSupport.parse(ITERATION);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add("item " + i);
        }
        Map<String, Object> inputs = Map.of("items", items);
        int nodes = 3 + 10 * 3;
        for (int i = 0; i < 20_000; i++) {
            engine.run("bench", 0, graph, inputs, Duration.ofSeconds(5), null);
        }
        long[] latency = new long[runs];
        long[] overhead = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            WorkflowRun run = engine.run("bench", 0, graph, inputs, Duration.ofSeconds(5), null);
            latency[i] = System.nanoTime() - start;
            if (!run.succeeded()) {
                throw new IllegalStateException(run.error());
            }
            // The model's own time: the LLM nodes' trace durations. Items run in parallel, so their sum
            // can exceed the wall time; the overhead then reads as the engine's share of the critical path.
            long model = run.nodes().stream()
                    .filter(t -> t.children() != null)
                    .flatMap(t -> t.children().stream())
                    .filter(t -> t.type().equals("llm"))
                    .mapToLong(NodeTrace::durationMicros)
                    .max()
                    .orElse(0) * 1_000;
            overhead[i] = (latency[i] - model) / nodes;
        }
        System.out.printf("10-item parallel iteration over an LLM node (instant model), %d runs: latency p50 %.1f us, p99 %.1f us%n",
                runs, WorkflowBenchSupport.pct(latency, 50) / 1e3, WorkflowBenchSupport.pct(latency, 99) / 1e3);
        System.out.printf("engine overhead per node (latency minus the slowest LLM node, / %d nodes): p50 %.2f us, p99 %.2f us%n",
                nodes, WorkflowBenchSupport.pct(overhead, 50) / 1e3, WorkflowBenchSupport.pct(overhead, 99) / 1e3);
        for (int callers : new int[] {1, 4, 16}) {
            System.out.printf("%d concurrent callers: %.0f runs/s%n",
                    callers, WorkflowBenchSupport.throughput(engine, graph, inputs, callers, 5));
        }
    }

    static final String REVIEW = "{'nodes':["
            + "{'id':'start','type':'start','config':{'inputs':[{'name':'q','type':'string'}]}},"
            + "{'id':'draft','type':'template','config':{'template':'Reply: {{q}}','variables':{'q':'start.q'}}},"
            + "{'id':'review','type':'human-input','config':{'prompt':'Send {{draft.output}}?','actions':[{'id':'yes'}],"
            + "'fields':[{'name':'text','value':'draft.output'}],'timeoutSeconds':86400}},"
            + "{'id':'end','type':'end','config':{'outputs':[{'name':'text','value':'review.values.text'}]}}],"
            + "'edges':[{'from':'start','to':'draft'},{'from':'draft','to':'review'},{'from':'review','to':'end','branch':'yes'},{'from':'review','to':'end','branch':'timeout'}]}";

    static void paused(int count) throws Exception {
        WorkflowEngine engine = engine();
        WorkflowGraph graph = WorkflowBenchSupport.parse(REVIEW);
        var threads = ManagementFactory.getThreadMXBean();
        Runtime heap = Runtime.getRuntime();
        System.gc();
        int threadsBefore = threads.getThreadCount();
        long heapBefore = heap.totalMemory() - heap.freeMemory();
        List<PausedRun> waiting = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            WorkflowEngine.Result result = engine.execute(new WorkflowEngine.RunRequest(
                    "bench", 1, graph, Map.of("q", "question " + i), Duration.ofSeconds(5), null, null));
            if (result.paused() == null) {
                throw new IllegalStateException("run did not pause: " + result.run().error());
            }
            waiting.add(result.paused());
        }
        long pauseNanos = System.nanoTime() - start;
        System.gc();
        int threadsPaused = threads.getThreadCount();
        long heapPaused = heap.totalMemory() - heap.freeMemory();
        System.out.printf("%d runs paused at a human-input node from one caller thread in %.0f ms (%.1f us each)%n",
                count, pauseNanos / 1e6, pauseNanos / 1e3 / count);
        System.out.printf("JVM threads: %d before, %d with %d runs paused (peak %d); heap held by the paused runs' state: ~%.0f bytes each%n",
                threadsBefore, threadsPaused, count, threads.getPeakThreadCount(),
                (double) (heapPaused - heapBefore) / count);
        start = System.nanoTime();
        int succeeded = 0;
        for (PausedRun run : waiting) {
            WorkflowEngine.Result done = engine.resume(
                    run, new HumanDecision("yes", Map.of("text", "ok"), null, "bench"), Duration.ofSeconds(5), null);
            succeeded += done.run().succeeded() ? 1 : 0;
        }
        System.out.printf("resumed %d (%d succeeded) in %.0f ms (%.1f us each); JVM threads after: %d%n",
                count, succeeded, (System.nanoTime() - start) / 1e6, (System.nanoTime() - start) / 1e3 / count,
                threads.getThreadCount());
    }
}
