package io.switchboard.runtime.workflow;

import static io.switchboard.runtime.workflow.Graphs.edge;
import static io.switchboard.runtime.workflow.Graphs.graph;
import static io.switchboard.runtime.workflow.Graphs.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphValidatorTest {
    private static final String START = WorkflowEngineTest.START;
    private static final String END = node("end", "end", "{'outputs':[{'name':'a','value':'start.q'}]}");

    private static List<ValidationError> errors(String nodes, String edges) {
        return GraphValidator.validate(graph(nodes, edges));
    }

    @Test
    void should_accept_a_minimal_graph() {
        assertThat(errors(START + "," + END, edge("start", "end"))).isEmpty();
    }

    @Test
    void should_require_exactly_one_start_and_an_end() {
        assertThat(errors(END, ""))
                .contains(new ValidationError(null, "nodes", "needs exactly one start node, found 0"));
        assertThat(errors(START, "")).contains(new ValidationError(null, "nodes", "needs at least one end node"));
        assertThat(errors(
                        START + "," + START.replace("'start','type'", "'start2','type'") + "," + END,
                        edge("start", "end")))
                .contains(new ValidationError(null, "nodes", "needs exactly one start node, found 2"));
    }

    @Test
    void should_name_the_node_of_a_cycle() {
        String a = node("a", "code", "{'code':'x','outputs':[{'name':'v','type':'string'}]}");
        String b = node("b", "code", "{'code':'x','outputs':[{'name':'v','type':'string'}]}");
        assertThat(errors(
                        START + "," + a + "," + b + "," + END,
                        edge("start", "a") + "," + edge("a", "b") + "," + edge("b", "a") + "," + edge("b", "end")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.node()).isIn("a", "b");
                    assertThat(e.message()).contains("cycle");
                });
    }

    @Test
    void should_require_every_path_to_reach_an_end() {
        String dead = node("dead", "code", "{'code':'x','outputs':[{'name':'v','type':'string'}]}");
        String orphan = node("orphan", "code", "{'code':'x','outputs':[{'name':'v','type':'string'}]}");
        assertThat(errors(
                        START + "," + dead + "," + orphan + "," + END,
                        edge("start", "dead") + "," + edge("start", "end") + "," + edge("orphan", "end")))
                .contains(
                        new ValidationError("dead", "edges", "leads nowhere; every path must reach an end node"),
                        new ValidationError("orphan", "edges", "is not reachable from the start node"));
    }

    @Test
    void should_require_an_edge_for_every_if_else_branch() {
        String route = node(
                "route",
                "if-else",
                "{'cases':[{'id':'yes','conditions':[{'variable':'start.q','operator':'empty'}]}]}");
        assertThat(errors(START + "," + route + "," + END, edge("start", "route") + "," + edge("route", "end", "yes")))
                .containsExactly(new ValidationError("route", "edges", "branch 'else' leads nowhere"));
        assertThat(errors(
                        START + "," + route + "," + END,
                        edge("start", "route") + "," + edge("route", "end", "yes") + ","
                                + edge("route", "end", "maybe")))
                .anySatisfy(e -> assertThat(e.message()).contains("needs a branch, one of [yes, else]"));
    }

    @Test
    void should_name_unresolved_and_misplaced_references() {
        String llm = node(
                "llm",
                "llm",
                "{'provider':'p','model':'m','prompt':'{{start.nope}} and {{ghost.text}} and {{later.v}}'}");
        String later = node("later", "code", "{'code':'x','outputs':[{'name':'v','type':'string'}]}");
        assertThat(errors(
                        START + "," + llm + "," + later + "," + END,
                        edge("start", "llm") + "," + edge("llm", "later") + "," + edge("later", "end")))
                .containsExactly(
                        new ValidationError("llm", "prompt", "node 'start' has no output 'nope' (it has [q, n])"),
                        new ValidationError("llm", "prompt", "references node 'ghost', which does not exist"),
                        new ValidationError(
                                "llm", "prompt", "references node 'later', which does not run before this node"));
    }

    @Test
    void should_name_type_mismatches() {
        String route = node(
                "route",
                "if-else",
                "{'cases':[{'id':'big','conditions':[{'variable':'start.q','operator':'gt','value':3}]}]}");
        assertThat(errors(
                        START + "," + route + "," + END,
                        edge("start", "route") + "," + edge("route", "end", "big") + ","
                                + edge("route", "end", "else")))
                .containsExactly(new ValidationError(
                        "route", "cases[0].conditions[0].variable", "'start.q' is a string but a number is needed"));
        String merge = node("merge", "aggregator", "{'variables':['start.q','start.n']}");
        assertThat(errors(START + "," + merge + "," + END, edge("start", "merge") + "," + edge("merge", "end")))
                .containsExactly(
                        new ValidationError("merge", "variables[1]", "'start.n' is a number but a string is needed"));
    }

    @Test
    void should_name_bad_settings_and_unknown_types() {
        String http = node("call", "http", "{'method':'FETCH','timeoutSeconds':999}");
        String odd = node("odd", "teleport", "{}");
        assertThat(errors(START + "," + odd + "," + END, edge("start", "odd") + "," + edge("odd", "end")))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.toString()).startsWith("node 'odd' field 'type': unknown node type 'teleport'"));
        assertThat(errors(START + "," + http + "," + END, edge("start", "call") + "," + edge("call", "end")))
                .extracting(ValidationError::field)
                .containsExactly("method", "url", "timeoutSeconds");
    }

    @Test
    void should_refuse_malformed_nodes_when_parsing() {
        assertThatThrownBy(() -> Graphs.parse("{'nodes':[{'id':'1bad','type':'start'}]}"))
                .hasMessageContaining("node id must start with a letter");
    }
}
