package io.switchboard.runtime.workflow;

import static io.switchboard.runtime.workflow.Graphs.edge;
import static io.switchboard.runtime.workflow.Graphs.graph;
import static io.switchboard.runtime.workflow.Graphs.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nodes that transform data without a model: template, list operator. */
class TransformNodesTest {
    static final String START =
            node("start", "start", "{'inputs':[{'name':'q','type':'string'},{'name':'items','type':'array'}]}");

    private static WorkflowRun run(String middle, String endValue, Map<String, Object> inputs) {
        WorkflowGraph graph = graph(
                START + "," + middle + ","
                        + node("end", "end", "{'outputs':[{'name':'answer','value':'" + endValue + "'}]}"),
                edge("start", "x") + "," + edge("x", "end"));
        return Engines.plain().run("wf", 0, graph, inputs, java.time.Duration.ofSeconds(10), null);
    }

    @Test
    void should_render_a_mustache_template_with_sections() {
        WorkflowRun run = run(
                node(
                        "x",
                        "template",
                        "{'template':'Hi {{name}}:{{#items}} [{{title}}={{n}}]{{/items}}{{^items}} none{{/items}}',"
                                + "'variables':{'name':'start.q','items':'start.items'}}"),
                "x.output",
                Map.of("q", "Ann", "items", List.of(Map.of("title", "a", "n", 1), Map.of("title", "b", "n", 2.5))));
        assertThat(run.outputs()).containsEntry("answer", "Hi Ann: [a=1] [b=2.5]");
    }

    @Test
    void should_not_reach_classes_or_files_from_a_template() {
        WorkflowRun run = run(
                node(
                        "x",
                        "template",
                        "{'template':'[{{name.class}}][{{name.bytes}}][{{items.class.classLoader}}]','variables':{'name':'start.q','items':'start.items'}}"),
                "x.output",
                Map.of("q", "Ann", "items", List.of()));
        assertThat(run.outputs()).containsEntry("answer", "[][][]");
        WorkflowRun partial = run(
                node("x", "template", "{'template':'{{>/etc/passwd}}','variables':{}}"),
                "x.output",
                Map.of("q", "Ann"));
        assertThat(partial.status()).isEqualTo(WorkflowRun.Status.FAILED);
        assertThat(partial.error()).contains("partials");
    }

    @Test
    void should_name_node_and_field_of_a_bad_template() {
        WorkflowGraph graph = graph(
                START + "," + node("x", "template", "{'template':'{{#open}} never closed','variables':{'v':'nope.q'}}")
                        + "," + node("end", "end", "{'outputs':[{'name':'a','value':'x.output'}]}"),
                edge("start", "x") + "," + edge("x", "end"));
        assertThat(Engines.plain().validate(graph))
                .extracting(e -> e.node() + "/" + e.field())
                .contains("x/template", "x/variables.v");
    }

    @Test
    void should_filter_sort_and_slice_a_list() {
        List<Object> items = List.of(
                Map.of("name", "pear", "price", 3),
                Map.of("name", "apple", "price", 1),
                Map.of("name", "plum", "price", 7),
                Map.of("name", "peach", "price", 5));
        WorkflowRun run = run(
                node(
                        "x",
                        "list-operator",
                        "{'variable':'start.items','filter':[{'field':'name','operator':'starts_with','value':'p'}],"
                                + "'sort':{'field':'price','order':'desc'},'offset':1,'limit':2}"),
                "x.result",
                Map.of("items", items));
        assertThat(run.outputs().get("answer"))
                .isEqualTo(List.of(Map.of("name", "peach", "price", 5), Map.of("name", "pear", "price", 3)));
        assertThat(run.nodes().get(1).outputs()).containsEntry("count", 2);
    }

    @Test
    void should_name_the_field_of_a_bad_list_operation() {
        WorkflowGraph graph = graph(
                START + ","
                        + node(
                                "x",
                                "list-operator",
                                "{'variable':'start.q','filter':[{'operator':'bigger'}],'sort':{'order':'up'},'limit':-1}")
                        + "," + node("end", "end", "{'outputs':[{'name':'a','value':'x.result'}]}"),
                edge("start", "x") + "," + edge("x", "end"));
        assertThat(Engines.plain().validate(graph))
                .extracting(e -> e.node() + "/" + e.field())
                .containsExactlyInAnyOrder("x/variable", "x/filter[0].operator", "x/sort", "x/limit");
    }
}
