package io.switchboard.runtime.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.switchboard.runtime.model.LangChainModelInvoker;
import io.switchboard.runtime.net.NetPolicy;
import io.switchboard.runtime.sandbox.JsSandbox;
import io.switchboard.runtime.sandbox.SandboxConfig;
import io.switchboard.runtime.tool.OutboundHttp;
import io.switchboard.runtime.tool.Tool;
import io.switchboard.runtime.tool.ToolProvider;
import io.switchboard.runtime.tool.ToolRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Workflow engine benchmarks (not a test):
 *
 * <ul>
 *   <li>{@code engine}: a 10-node workflow of instant nodes (start, four parallel tool nodes with a no-op
 *       tool, aggregator, if/else, two tool nodes on the taken branch... see {@link #TEN_NODES}); single-caller
 *       latency p50/p99 and per-node engine overhead (latency minus the nodes' own time, divided by 10), then
 *       runs/s with concurrent callers.
 *   <li>{@code code}: JavaScript code-node latency p50/p99 through the sandbox workers while they warm up
 *       (the first {@link #CODE_WARM_UP} runs), then warm, and warm through the engine (start → code → end).
 * </ul>
 */
public final class WorkflowBench {
    /**
     * Runs before the warm measurement: a fresh worker needs a few thousand context lifecycles (its own
     * background warm-up included) before the JIT has compiled GraalJS's realm set-up and interpreter.
     */
    static final int CODE_WARM_UP = 8_000;

    /** start → a, b, c, d (parallel) → merge → route → (yes: e → f) | (else: g) → end: 10 nodes, 7 or 8 run. */
    static final String TEN_NODES = "{'nodes':["
            + "{'id':'start','type':'start','config':{'inputs':[{'name':'n','type':'number'}]}},"
            + tool("a") + "," + tool("b") + "," + tool("c") + "," + tool("d") + ","
            + "{'id':'merge','type':'aggregator','config':{'variables':['a.text','b.text','c.text','d.text']}},"
            + "{'id':'route','type':'if-else','config':{'cases':[{'id':'yes','conditions':[{'variable':'start.n','operator':'gt','value':0}]}]}},"
            + tool("e") + "," + tool("f") + ","
            + "{'id':'end','type':'end','config':{'outputs':[{'name':'out','value':'merge.output'},{'name':'f','value':'f.text'}]}}"
            + "],'edges':["
            + "{'from':'start','to':'a'},{'from':'start','to':'b'},{'from':'start','to':'c'},{'from':'start','to':'d'},"
            + "{'from':'a','to':'merge'},{'from':'b','to':'merge'},{'from':'c','to':'merge'},{'from':'d','to':'merge'},"
            + "{'from':'merge','to':'route'},{'from':'route','to':'e','branch':'yes'},{'from':'route','to':'f','branch':'else'},"
            + "{'from':'e','to':'end'},{'from':'f','to':'end'}]}";

    private static String tool(String id) {
        return "{'id':'" + id + "','type':'tool','config':{'tool':'bench/noop','arguments':{'x':'{{start.n}}'}}}";
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "engine";
        switch (which) {
            case "engine" -> engine(args.length > 1 ? Integer.parseInt(args[1]) : 20_000);
            case "code" -> code(args.length > 1 ? Integer.parseInt(args[1]) : 2_000);
            case "iteration" -> WorkflowNodesBench.iteration(args.length > 1 ? Integer.parseInt(args[1]) : 20_000);
            case "paused" -> WorkflowNodesBench.paused(args.length > 1 ? Integer.parseInt(args[1]) : 10_000);
            default -> throw new IllegalArgumentException("engine|code|iteration|paused");
        }
        System.exit(0);
    }

    private static WorkflowEngine.Builder base() {
        Tool noop = new Tool() {
            private final ToolSpecification spec = ToolSpecification.builder()
                    .name("noop")
                    .parameters(JsonObjectSchema.builder().addStringProperty("x").build())
                    .build();

            @Override
            public ToolSpecification specification() {
                return spec;
            }

            @Override
            public String execute(String argumentsJson) {
                return "ok";
            }
        };
        ToolRegistry tools = ToolRegistry.create(List.of(() -> List.of(new ToolProvider("bench", "builtin", "Bench", "", List.of(noop)))));
        return WorkflowEngine.builder()
                .models(LangChainModelInvoker.create(Duration.ofMillis(1)), id -> Optional.empty())
                .http(OutboundHttp.create(NetPolicy.DEFAULT))
                .tools(tools);
    }

    private static WorkflowGraph parse(String json) throws Exception {
        return new ObjectMapper().readValue(json.replace('\'', '"'), WorkflowGraph.class);
    }

    private static void engine(int runs) throws Exception {
        WorkflowEngine engine = base().build();
        WorkflowGraph graph = parse(TEN_NODES);
        Map<String, Object> inputs = Map.of("n", 1);
        // Warm-up: JIT, virtual-thread carriers, the plan cache.
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
            long work = run.nodes().stream().mapToLong(NodeTrace::durationMicros).sum() * 1_000;
            overhead[i] = (latency[i] - work) / graph.nodes().size();
        }
        System.out.printf("10-node workflow, one caller, %d runs: latency p50 %.1f us, p99 %.1f us%n",
                runs, pct(latency, 50) / 1e3, pct(latency, 99) / 1e3);
        System.out.printf("engine overhead per node (latency minus node time, / 10): p50 %.1f us, p99 %.1f us%n",
                pct(overhead, 50) / 1e3, pct(overhead, 99) / 1e3);
        for (int callers : new int[] {1, 4, 16, 64}) {
            System.out.printf("%d concurrent callers: %.0f runs/s%n", callers, throughput(engine, graph, inputs, callers, 5));
        }
    }

    private static double throughput(WorkflowEngine engine, WorkflowGraph graph, Map<String, Object> inputs, int callers, int seconds)
            throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                pool.submit(() -> {
                    while (!stop.get()) {
                        engine.run("bench", 0, graph, inputs, Duration.ofSeconds(5), null);
                        done.increment();
                    }
                });
            }
            TimeUnit.SECONDS.sleep(1); // ramp up
            long before = done.sum();
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            long after = done.sum();
            double elapsed = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            return (after - before) / elapsed;
        }
    }

    private static void code(int runs) throws Exception {
        try (JsSandbox sandbox = JsSandbox.create(new SandboxConfig(2, 128, 50_000_000, Duration.ofSeconds(30), null))) {
            String code = "function main(i) { return { sum: i.a + i.b, text: String(i.a).repeat(3) }; }";
            Map<String, Object> inputs = Map.of("a", 20, "b", 22);
            long[] warming = new long[CODE_WARM_UP];
            for (int i = 0; i < CODE_WARM_UP; i++) {
                long start = System.nanoTime();
                sandbox.run("javascript", code, inputs, Duration.ofSeconds(5));
                warming[i] = System.nanoTime() - start;
            }
            System.out.printf("JS code runs while the workers warm up, first %d runs: p50 %.2f ms, p99 %.2f ms%n",
                    CODE_WARM_UP, pct(warming, 50) / 1e6, pct(warming, 99) / 1e6);
            long[] direct = new long[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                sandbox.run("javascript", code, inputs, Duration.ofSeconds(5));
                direct[i] = System.nanoTime() - start;
            }
            System.out.printf("warm JS code run through a sandbox worker, %d runs: p50 %.2f ms, p99 %.2f ms%n",
                    runs, pct(direct, 50) / 1e6, pct(direct, 99) / 1e6);
            WorkflowEngine engine = base().code(sandbox).build();
            WorkflowGraph graph = parse("{'nodes':["
                    + "{'id':'start','type':'start','config':{'inputs':[{'name':'a','type':'number'},{'name':'b','type':'number'}]}},"
                    + "{'id':'code','type':'code','config':{'code':'" + code.replace("'", "\\'") + "','inputs':{'a':'start.a','b':'start.b'},"
                    + "'outputs':[{'name':'sum','type':'number'}]}},"
                    + "{'id':'end','type':'end','config':{'outputs':[{'name':'sum','value':'code.sum'}]}}],"
                    + "'edges':[{'from':'start','to':'code'},{'from':'code','to':'end'}]}");
            long[] node = new long[runs];
            List<Long> nodeOnly = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                WorkflowRun run = engine.run("bench", 0, graph, inputs, Duration.ofSeconds(5), null);
                node[i] = System.nanoTime() - start;
                if (!run.succeeded()) {
                    throw new IllegalStateException(run.error());
                }
                nodeOnly.add(run.nodes().stream().filter(t -> t.nodeId().equals("code")).findFirst().orElseThrow().durationMicros());
            }
            long[] codeNode = nodeOnly.stream().mapToLong(Long::longValue).toArray();
            System.out.printf("start → code → end workflow, %d runs: p50 %.2f ms, p99 %.2f ms (code node alone: p50 %.2f ms, p99 %.2f ms)%n",
                    runs, pct(node, 50) / 1e6, pct(node, 99) / 1e6, pct(codeNode, 50) / 1e3, pct(codeNode, 99) / 1e3);
        }
    }

    private static double pct(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
