package io.switchboard.runtime.workflow;

import static io.switchboard.runtime.workflow.Graphs.edge;
import static io.switchboard.runtime.workflow.Graphs.graph;
import static io.switchboard.runtime.workflow.Graphs.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.FakeOpenAiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IterationLoopTest {
    static final String START =
            node("start", "start", "{'inputs':[{'name':'items','type':'array'},{'name':'prefix','type':'string'}]}");

    private static FakeOpenAiServer model;
    private static WorkflowEngine engine;

    @BeforeAll
    static void start() {
        model = FakeOpenAiServer.create().start();
        engine = Engines.builder(model.baseUrl()).build();
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    private static WorkflowRun run(String middle, String endValue, Map<String, Object> inputs) {
        WorkflowGraph graph = graph(
                START + "," + middle + ","
                        + node("end", "end", "{'outputs':[{'name':'answer','value':'" + endValue + "'}]}"),
                edge("start", "x") + "," + edge("x", "end"));
        return engine.run("wf", 0, graph, inputs, Duration.ofSeconds(20), null);
    }

    /** An iteration whose body asks the model about each item (the fake model echoes). */
    static String iteration(String mode, String onItemError) {
        return node(
                "x",
                "iteration",
                "{'items':'start.items','mode':'" + mode + "','concurrency':3,'onItemError':'" + onItemError + "',"
                        + "'inputs':{'prefix':'start.prefix'},'body':{'nodes':["
                        + node("s", "start", "{}") + ","
                        + node(
                                "ask",
                                "llm",
                                "{'provider':'fake','model':'m','prompt':'{{s.prefix}} {{s.item}} #{{s.index}}'}")
                        + "," + node("e", "end", "{'outputs':[{'name':'text','value':'ask.text'}]}") + "],"
                        + "'edges':[" + edge("s", "ask") + "," + edge("ask", "e") + "]}}");
    }

    @Test
    void should_run_the_body_per_item_in_parallel_and_keep_item_order() {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add("item" + i);
        }
        WorkflowRun run = run(iteration("parallel", "fail"), "x.output", Map.of("items", items, "prefix", "about"));
        assertThat(run.status()).isEqualTo(WorkflowRun.Status.SUCCEEDED);
        List<?> output = (List<?>) run.outputs().get("answer");
        assertThat(output).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat((String) output.get(i)).startsWith("echo: about item" + i + " #" + i);
        }
        NodeTrace trace = run.nodes().stream()
                .filter(t -> t.nodeId().equals("x"))
                .findFirst()
                .orElseThrow();
        assertThat(trace.children()).extracting(NodeTrace::nodeId).contains("x[0].ask", "x[9].e");
        assertThat(trace.tokens()).isPositive();
    }

    @Test
    void should_apply_the_per_item_error_policy() {
        String failing = node(
                "x",
                "iteration",
                "{'items':'start.items','onItemError':'%s','body':{'nodes':["
                        + node("s", "start", "{}") + ","
                        + node("pick", "list-operator", "{'variable':'s.item'}") + ","
                        + node("e", "end", "{'outputs':[{'name':'n','value':'pick.count'}]}") + "],"
                        + "'edges':[" + edge("s", "pick") + "," + edge("pick", "e") + "]}}");
        Map<String, Object> inputs = Map.of("items", List.of(List.of(1, 2), "not a list", List.of()));
        WorkflowRun skip = run(failing.formatted("skip"), "x.output", inputs);
        assertThat(skip.outputs()).containsEntry("answer", List.of(2, 0));
        assertThat(skip.nodes().stream()
                        .filter(t -> t.nodeId().equals("x"))
                        .findFirst()
                        .orElseThrow()
                        .outputs())
                .extractingByKey("errors")
                .asList()
                .hasSize(1);
        WorkflowRun nulls = run(failing.formatted("null"), "x.output", inputs);
        List<Object> expected = new ArrayList<>();
        expected.add(2);
        expected.add(null);
        expected.add(0);
        assertThat(nulls.outputs()).containsEntry("answer", expected);
        WorkflowRun fail = run(failing.formatted("fail"), "x.output", inputs);
        assertThat(fail.status()).isEqualTo(WorkflowRun.Status.FAILED);
        assertThat(fail.error()).contains("'x' failed: item 1 failed", "not an array");
    }

    @Test
    void should_name_the_body_node_and_field_in_validation_errors() {
        String bad = node(
                "x",
                "iteration",
                "{'items':'start.prefix','mode':'fast','body':{'nodes':["
                        + node("s", "start", "{}") + ","
                        + node("e", "end", "{'outputs':[{'name':'n','value':'s.nope'}]}") + "],"
                        + "'edges':[" + edge("s", "e") + "]}}");
        WorkflowGraph graph = graph(
                START + "," + bad + "," + node("end", "end", "{'outputs':[{'name':'a','value':'x.output'}]}"),
                edge("start", "x") + "," + edge("x", "end"));
        assertThat(engine.validate(graph))
                .extracting(e -> e.node() + "/" + e.field())
                .containsExactlyInAnyOrder("x/items", "x/mode", "x/body.e.outputs[0].value");
    }

    /** total := total + 3 through the calculator tool, each round. */
    static String loop(int maxCount, int until, boolean breakAtTwo) {
        String check = breakAtTwo
                ? node(
                                "check",
                                "if-else",
                                "{'cases':[{'id':'stop','conditions':[{'variable':'s.index','operator':'gte','value':2}]}]}")
                        + "," + node("quit", "end", "{'loop':'break','outputs':[{'name':'total','value':'s.total'}]}")
                        + ","
                : "";
        String edges = breakAtTwo
                ? edge("s", "check") + "," + edge("check", "quit", "stop") + "," + edge("check", "calc", "else")
                : edge("s", "calc");
        return node(
                "x",
                "loop",
                "{'maxCount':" + maxCount + ",'variables':[{'name':'total','type':'number','value':0}],"
                        + "'until':{'conditions':[{'variable':'loop.total','operator':'gte','value':" + until + "}]},"
                        + "'body':{'nodes':[" + node("s", "start", "{}") + "," + check
                        + node(
                                "calc",
                                "tool",
                                "{'tool':'builtin/calculator','arguments':{'expression':'{{s.total}} + 3'}}")
                        + "," + node("go", "end", "{'outputs':[{'name':'total','value':'calc.json'}]}") + "],"
                        + "'edges':[" + edges + "," + edge("calc", "go") + "]}}");
    }

    private static WorkflowRun runLoop(String loop) {
        WorkflowGraph graph = graph(
                START + "," + loop + ","
                        + node(
                                "end",
                                "end",
                                "{'outputs':[{'name':'total','value':'x.total'},{'name':'rounds','value':'x.rounds'}]}"),
                edge("start", "x") + "," + edge("x", "end"));
        return engine.run("wf", 0, graph, Map.of(), Duration.ofSeconds(20), null);
    }

    @Test
    void should_loop_until_the_condition_holds_or_the_maximum_count() {
        WorkflowRun until = runLoop(loop(50, 10, false));
        assertThat(until.error()).isNull();
        assertThat(until.outputs()).containsEntry("rounds", 4).containsEntry("total", 12);
        WorkflowRun capped = runLoop(loop(5, 1000, false));
        assertThat(capped.outputs()).containsEntry("rounds", 5).containsEntry("total", 15);
        NodeTrace trace = capped.nodes().stream()
                .filter(t -> t.nodeId().equals("x"))
                .findFirst()
                .orElseThrow();
        assertThat(trace.children()).extracting(NodeTrace::nodeId).contains("x[0].calc", "x[4].go");
    }

    @Test
    void should_break_out_of_a_loop_from_a_break_end() {
        WorkflowRun run = runLoop(loop(50, 1000, true));
        assertThat(run.outputs()).containsEntry("rounds", 3).containsEntry("total", 6);
    }

    @Test
    void should_refuse_a_loop_without_a_maximum_and_a_break_outside_a_loop() {
        String bad = loop(0, 10, false).replace("'variable':'loop.total'", "'variable':'loop.nope'");
        WorkflowGraph graph = graph(
                START + "," + bad + ","
                        + node("end", "end", "{'loop':'break','outputs':[{'name':'a','value':'x.total'}]}"),
                edge("start", "x") + "," + edge("x", "end"));
        assertThat(engine.validate(graph))
                .extracting(e -> e.node() + "/" + e.field())
                .containsExactlyInAnyOrder("x/maxCount", "x/until.conditions[0].variable", "end/loop");
    }

    @Test
    void should_start_a_loop_variable_from_an_outer_value_and_refuse_an_unknown_one() {
        String from = loop(50, 10, false).replace("'value':0}", "'value':0,'from':'start.base'}");
        WorkflowGraph graph = graph(
                "{'id':'start','type':'start','config':{'inputs':[{'name':'base','type':'number'}]}}," + from + ","
                        + node("end", "end", "{'outputs':[{'name':'total','value':'x.total'}]}"),
                edge("start", "x") + "," + edge("x", "end"));
        WorkflowRun run = engine.run("wf", 0, graph, Map.of("base", 5), Duration.ofSeconds(20), null);
        assertThat(run.error()).isNull();
        assertThat(run.outputs()).containsEntry("total", 11);
        WorkflowGraph unknown = graph(
                START + "," + loop(5, 10, false).replace("'value':0}", "'value':0,'from':'nope.x'}") + ","
                        + node("end", "end", "{'outputs':[{'name':'total','value':'x.total'}]}"),
                edge("start", "x") + "," + edge("x", "end"));
        assertThat(engine.validate(unknown))
                .extracting(e -> e.node() + "/" + e.field())
                .containsExactly("x/variables[0].from");
    }
}
